package dev.loupe.core.model;

import dev.loupe.core.BuildInfo;
import dev.loupe.core.inference.InferenceException;
import dev.loupe.core.inference.OnnxModel;
import dev.loupe.core.inference.TensorSpec;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bring your own model: wraps an ONNX file that has no descriptor into a package, from what its user
 * says (input size, colour, normalisation, which output is the score). Input and score output default
 * to the model's only input and its first output.
 */
public final class BareOnnx {

    private BareOnnx() {
    }

    /**
     * What the user states about a bare model.
     *
     * @param input       the input tensor's name, empty for the model's only input
     * @param scoreOutput the score output's name, empty for the model's first output
     */
    public record Options(int width, int height, ModelDescriptor.Colour colour, ModelDescriptor.Normalisation normalisation,
                          Optional<String> input, Optional<String> scoreOutput, List<String> labels, String positive,
                          double threshold) {
    }

    /**
     * Describes and packages a bare model.
     *
     * @throws InferenceException when the bytes are not a loadable ONNX model or the names do not exist
     */
    public static ModelPackage wrap(String name, byte[] onnx, Options o, Instant now) throws InferenceException {
        return wrap(name, onnx, o, new ModelDescriptor.Lineage("", "imported", Map.of(), 0,
                BuildInfo.current().codeVersion(), Map.of()), Map.of(), now);
    }

    /** Describes and packages a bare model with a known lineage and metrics (an external trainer's output). */
    public static ModelPackage wrap(String name, byte[] onnx, Options o, ModelDescriptor.Lineage lineage,
                                    Map<String, Double> metrics, Instant now) throws InferenceException {
        String input;
        String score;
        try (OnnxModel model = OnnxModel.load(onnx, 1)) {
            if (o.input().isEmpty() && model.inputs().size() != 1) {
                throw new InferenceException("the model has inputs " + model.inputs() + "; say which one takes the image", true);
            }
            input = o.input().orElse(model.inputs().getFirst().name());
            score = o.scoreOutput().orElse(model.outputs().getFirst().name());
            if (model.outputs().stream().map(TensorSpec::name).noneMatch(score::equals)) {
                throw new InferenceException("the model has no output '" + score + "'; it gives " + model.outputs(), true);
            }
        }
        ModelDescriptor d = new ModelDescriptor(name, o.labels(), o.positive(),
                new ModelDescriptor.Input(input, o.width(), o.height(), o.colour(), o.normalisation()),
                score, Optional.empty(), o.threshold(), Optional.empty(),
                lineage, metrics, now);
        ModelPackage pkg = ModelPackage.of(d, onnx);
        ImageClassifier.load(pkg, 1).close(); // fails now, not at first use, when the model does not fit the description
        return pkg;
    }
}
