package dev.loupe.serve.model;

import dev.loupe.core.inference.InferenceException;
import dev.loupe.core.inference.OnnxModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Bring-your-own-model: a bare ONNX file served as it is, with no descriptor (no labels, no image
 * preprocessing; clients send the tensors the model declares). Specs are {@code PATH} (the model's
 * name is the file name without {@code .onnx}) or {@code NAME=PATH}; the version is {@code 1}.
 */
public final class OnnxFiles {
    private OnnxFiles() {
    }

    /** A parsed {@code [NAME=]PATH} spec. */
    public record Spec(String name, Path path) {
        public static Spec parse(String spec) {
            int eq = spec.indexOf('=');
            if (eq > 0) {
                return new Spec(spec.substring(0, eq), Path.of(spec.substring(eq + 1)));
            }
            Path p = Path.of(spec);
            String file = p.getFileName() == null ? spec : p.getFileName().toString();
            return new Spec(file.endsWith(".onnx") ? file.substring(0, file.length() - 5) : file, p);
        }
    }

    /**
     * Loads a model the server will own. The caller closes the returned {@link OnnxModel} after the
     * server stops.
     *
     * @throws IOException          when the file cannot be read
     * @throws InferenceException   when it is not a model ONNX Runtime can load
     */
    public static Loaded load(Spec spec) throws IOException, InferenceException {
        OnnxModel onnx = OnnxModel.load(Files.readAllBytes(spec.path()), 1);
        return new Loaded(served(spec.name(), "1", onnx), onnx);
    }

    /** A model served straight from an {@link OnnxModel}. */
    public static ServedModel served(String name, String version, OnnxModel onnx) {
        return new ServedModel(name, version, onnx.inputs(), onnx.outputs(), onnx::run, List.of(), Optional.empty());
    }

    /** A loaded model and the runtime its owner closes. */
    public record Loaded(ServedModel served, OnnxModel onnx) {
    }
}
