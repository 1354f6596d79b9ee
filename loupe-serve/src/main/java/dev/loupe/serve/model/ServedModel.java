package dev.loupe.serve.model;

import dev.loupe.core.inference.TensorSpec;

import java.util.List;
import java.util.Optional;

/**
 * One version of a model as the server serves it.
 *
 * @param name       the name clients address ({@code /v2/models/{name}})
 * @param version    the version clients may address ({@code /versions/{version}})
 * @param inputs     the model's inputs as it declares them
 * @param outputs    the model's outputs as it declares them
 * @param runner     runs the model; thread-safe
 * @param labels     the package's labels (the decision's classes), empty for a bare ONNX file; see
 *                   {@link #classLabels} for when they name an output's indices
 * @param image      for a model package: its classifier and decision policy (encoded images, {@code /inspect});
 *                   empty for a bare ONNX file
 */
public record ServedModel(String name, String version, List<TensorSpec> inputs, List<TensorSpec> outputs,
                          ModelRunner runner, List<String> labels, Optional<ImageModel> image) {
    public ServedModel {
        if (name.isBlank() || name.contains("/")) {
            throw new IllegalArgumentException("model name must be non-empty and without '/': '" + name + "'");
        }
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        labels = List.copyOf(labels);
    }

    public Optional<TensorSpec> input(String inputName) {
        return named(inputs, inputName);
    }

    public Optional<TensorSpec> output(String outputName) {
        return named(outputs, outputName);
    }

    /**
     * The labels of the indices along an output's last dimension, for the classification extension: the
     * package's labels for its score output when that output has one column per label (in label order, as
     * the descriptor defines it); empty for any other output. A one-column sigmoid score, an embedding or
     * a bare ONNX file's outputs have indices that name no class, so they are reported as
     * {@code "value:index"} only.
     *
     * @param classes the size of the output's last dimension in this response
     */
    public List<String> classLabels(String outputName, long classes) {
        boolean perLabel = classes == labels.size() && image.isPresent()
                && image.get().classifier().descriptor().scoreOutput().equals(outputName);
        return perLabel ? labels : List.of();
    }

    /** A loop, not a stream: every inference asks, on the event loop or an inference thread. */
    private static Optional<TensorSpec> named(List<TensorSpec> specs, String name) {
        for (TensorSpec s : specs) {
            if (s.name().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
