package dev.loupe.serve.infer;

import dev.loupe.core.decision.Decision;
import dev.loupe.core.model.Prediction;
import dev.loupe.serve.ServeException;
import dev.loupe.serve.model.ImageModel;
import dev.loupe.serve.model.ModelRepository;
import dev.loupe.serve.model.ServedModel;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

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
    private final Map<ServedModel, ImageBatcher> batchers = new ConcurrentHashMap<>();
    private final int maxBatch;

    /**
     * @param maxBatch most images one ONNX Runtime call classifies (opportunistic batching of
     *                 requests that queue up, see {@link ImageBatcher}); 1 for none
     */
    public Inspector(ModelRepository models, InferenceQueue queue, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("max batch must be >= 1, got " + maxBatch);
        }
        this.models = models;
        this.queue = queue;
        this.maxBatch = maxBatch;
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
        Prediction p = maxBatch == 1 || !batchable(model, m)
                ? queue.call(() -> m.classifier().classify(ImageModel.decode(image, "the image")))
                : batched(batchers.computeIfAbsent(model, k -> new ImageBatcher(m, maxBatch)), image);
        return new Inspection(model.name(), model.version(), p.label(), p.score(), m.policy().decide(p.score()), m.policy().threshold());
    }

    private static boolean batchable(ServedModel model, ImageModel m) {
        return model.input(m.inputName()).map(s -> s.shape().length > 0 && s.shape()[0] < 0).orElse(false);
    }

    private Prediction batched(ImageBatcher batcher, byte[] image) {
        ImageBatcher.Pending pending = batcher.add(image);
        try {
            queue.call(batcher::drain);
        } catch (ServeException e) {
            if (e.kind() != ServeException.Kind.OVERLOADED || batcher.withdraw(pending)) {
                throw e;
            }
            // refused, but a running batch already took the image: its answer is on the way
        }
        try {
            return pending.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServeException(ServeException.Kind.OVERLOADED, "interrupted while waiting for inference");
        } catch (ExecutionException e) {
            throw InferenceQueue.translate(e.getCause());
        }
    }
}
