package dev.loupe.serve.infer;

import dev.loupe.core.decision.Decision;
import dev.loupe.core.model.Prediction;
import dev.loupe.serve.ServeException;
import dev.loupe.serve.model.ImageModel;
import dev.loupe.serve.model.ModelRepository;
import dev.loupe.serve.model.ServedModel;

import java.util.Optional;

/**
 * The plain image endpoint's use case: one encoded image in, a decision out. Decoding, preprocessing
 * and inference run on the {@link InferenceQueue} (inside the server's bound), through the model
 * package's {@link dev.loupe.core.model.ImageClassifier}: the path evaluation and the edge agent use.
 *
 * <p>Thread-safe.
 */
public final class Inspector {

    private final ModelRepository models;
    private final InferenceQueue queue;

    public Inspector(ModelRepository models, InferenceQueue queue) {
        this.models = models;
        this.queue = queue;
    }

    /**
     * A model's answer for one image, with the decision its policy gives.
     *
     * @param threshold the threshold the decision used
     */
    public record Inspection(String model, String version, String label, double score, Decision decision, double threshold) {
    }

    /**
     * Classifies one image and decides.
     *
     * @throws ServeException not found (model, version), bad request (not a model package, an
     *                        unreadable image), overloaded, internal
     */
    public Inspection inspect(String modelName, Optional<String> version, byte[] image) {
        ServedModel model = models.resolve(modelName, version);
        ImageModel m = model.image().orElseThrow(() -> ServeException.badRequest("model '" + model.name()
                + "' is a bare ONNX file with no descriptor (labels, preprocessing, threshold), so it cannot inspect "
                + "images; serve a Loupe model package, or use /v2/models/" + model.name() + "/infer with its tensors"));
        if (image.length == 0) {
            throw ServeException.badRequest("the request has no image");
        }
        Prediction p = queue.call(() -> m.classifier().classify(ImageModel.decode(image, "the image")));
        return new Inspection(model.name(), model.version(), p.label(), p.score(), m.policy().decide(p.score()), m.policy().threshold());
    }
}
