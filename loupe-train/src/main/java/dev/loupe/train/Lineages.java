package dev.loupe.train;

import ai.onnxruntime.OrtEnvironment;
import dev.loupe.core.BuildInfo;
import dev.loupe.core.model.ModelDescriptor;

import java.util.HashMap;
import java.util.Map;

/** Lineage records for models trained by this build of Loupe. */
public final class Lineages {
    private Lineages() {
    }

    /**
     * The lineage of a model trained here: Loupe's code version, the Java and ONNX Runtime versions, and
     * {@code extraLibraries} (e.g. {@code djl}).
     */
    public static ModelDescriptor.Lineage of(TrainingData data, String trainer, Map<String, String> params, long seed,
                                             Map<String, String> extraLibraries) {
        Map<String, String> libs = new HashMap<>(extraLibraries);
        libs.put("java", Runtime.version().toString());
        libs.put("onnxruntime", OrtEnvironment.getEnvironment().getVersion());
        return new ModelDescriptor.Lineage(data.dataset(), trainer, params, seed, BuildInfo.current().codeVersion(), libs);
    }
}
