package dev.loupe.serve.model;

import dev.loupe.core.decision.DecisionPolicy;
import dev.loupe.core.inference.InferenceException;
import dev.loupe.core.inference.OnnxModel;
import dev.loupe.core.inference.Tensor;
import dev.loupe.core.model.ImageClassifier;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.model.Preprocessor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Models from files: a Loupe model package (a directory with {@code model.onnx} and
 * {@code loupe-model.json}, or its zip) is served with its labels, preprocessing and decision policy
 * (V2 and {@code /inspect}); a bare ONNX file is served as it is (bring your own model: clients send
 * the tensors it declares). Specs are {@code PATH} or {@code NAME=PATH}; without a name a package is
 * named by its descriptor and a bare file by its file name without {@code .onnx}. The version is
 * {@code 1}.
 */
public final class ModelFiles {
    private ModelFiles() {
    }

    /** A parsed {@code [NAME=]PATH} spec. */
    public record Spec(Optional<String> name, Path path) {
        public static Spec parse(String spec) {
            int eq = spec.indexOf('=');
            if (eq > 0) {
                return new Spec(Optional.of(spec.substring(0, eq)), Path.of(spec.substring(eq + 1)));
            }
            return new Spec(Optional.empty(), Path.of(spec));
        }

        boolean isBareOnnx() {
            return path.getFileName() != null && path.getFileName().toString().endsWith(".onnx") && !Files.isDirectory(path);
        }

        String fileStem() {
            String file = path.getFileName() == null ? path.toString() : path.getFileName().toString();
            return file.endsWith(".onnx") ? file.substring(0, file.length() - 5) : file;
        }
    }

    /** A loaded model and the runtimes its owner closes after the server stops. */
    public record Loaded(ServedModel served, List<AutoCloseable> owned) {
    }

    /**
     * Loads a model.
     *
     * @param policy turns a package's own decision policy into the one to serve (e.g. the project
     *               file's {@code decision} section applied); unused for bare ONNX files
     * @throws IOException        when the file cannot be read, or is not a model package
     * @throws InferenceException when ONNX Runtime cannot load the model, or it does not fit its descriptor
     */
    public static Loaded load(Spec spec, UnaryOperator<DecisionPolicy> policy) throws IOException, InferenceException {
        if (spec.isBareOnnx()) {
            OnnxModel onnx = OnnxModel.load(Files.readAllBytes(spec.path()), 1);
            return new Loaded(served(spec.name().orElse(spec.fileStem()), "1", onnx), List.of(onnx));
        }
        ModelPackage pkg = ModelPackage.read(spec.path());
        return load(spec.name().orElse(pkg.descriptor().name()), "1", pkg, policy.apply(DecisionPolicy.of(pkg.descriptor())));
    }

    /** Serves a model package under a name and version. */
    public static Loaded load(String name, String version, ModelPackage pkg, DecisionPolicy policy) throws InferenceException {
        OnnxModel onnx = OnnxModel.load(pkg.onnx(), 1);
        ImageClassifier classifier = ImageClassifier.over(pkg, onnx); // one session for the image and tensor paths
        try {
            warmUp(classifier, onnx);
        } catch (InferenceException | RuntimeException e) {
            classifier.close();
            throw e;
        }
        ServedModel served = new ServedModel(name, version, onnx.inputs(), onnx.outputs(), onnx::run,
                pkg.descriptor().labels(), Optional.of(new ImageModel(classifier, policy)));
        return new Loaded(served, List.of(classifier));
    }

    /**
     * Runs the session once on a blank image, by both paths, before the model takes traffic: ONNX Runtime's first run
     * allocates its memory arena and prepares its kernels, which made the first requests after a load (or a
     * promotion) miss an edge station's time budget. A model that cannot score a blank image of its own
     * input size does not load.
     */
    private static void warmUp(ImageClassifier classifier, OnnxModel onnx) throws InferenceException {
        float[] blank = new float[classifier.preprocessor().size()];
        classifier.classifyPreprocessed(blank, 1);
        Preprocessor p = classifier.preprocessor();
        onnx.run(Map.of(classifier.descriptor().input().name(),
                Tensor.ofFloats(blank, 1, p.channels(), p.height(), p.width())), Set.of());
    }

    /** A model served straight from an {@link OnnxModel}, with no descriptor. */
    public static ServedModel served(String name, String version, OnnxModel onnx) {
        return new ServedModel(name, version, onnx.inputs(), onnx.outputs(), onnx::run, List.of(), Optional.empty());
    }
}
