package dev.loupe.serve.infer;

import dev.loupe.core.monitoring.RequestIds;
import dev.loupe.core.decision.Decision;
import dev.loupe.serve.ServeException;
import dev.loupe.serve.model.ImageModel;
import dev.loupe.serve.model.ModelCatalog;
import dev.loupe.serve.model.ModelLease;
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
 * <p>The model is {@link ModelCatalog#acquire acquired} for the request and released when its answer is
 * computed, so a model swapped meanwhile finishes the request. In shadow mode the challenger scores a
 * copy afterwards, off the request path ({@link ShadowScoring}). Every answer and failure goes to the
 * {@link ServingObserver}.
 *
 * <p>Thread-safe. Owns the shadow thread: {@link #close()} after the listeners stop.
 */
public final class Inspector implements AutoCloseable {

    private final ModelCatalog models;
    private final InferenceQueue queue;
    private final Map<ServedModel, ImageBatcher> batchers = new ConcurrentHashMap<>();
    private final int maxBatch;
    private final ServingObserver observer;
    private final ShadowScoring shadow;

    /**
     * @param maxBatch most images one ONNX Runtime call classifies (opportunistic batching of
     *                 requests that queue up, see {@link ImageBatcher}); 1 for none
     */
    public Inspector(ModelCatalog models, InferenceQueue queue, int maxBatch) {
        this(models, queue, maxBatch, ServingObserver.NONE);
    }

    public Inspector(ModelCatalog models, InferenceQueue queue, int maxBatch, ServingObserver observer) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("max batch must be >= 1, got " + maxBatch);
        }
        this.models = models;
        this.queue = queue;
        this.maxBatch = maxBatch;
        this.observer = observer;
        this.shadow = new ShadowScoring(256, observer);
    }

    /**
     * A model's answer for one image, with the decision its policy gives.
     *
     * @param threshold the threshold the decision used
     */
    public record Inspection(String model, String version, String label, double score, Decision decision, double threshold) {
    }

    /** {@link #inspect(String, Optional, byte[], RequestInfo)} for an anonymous request. */
    public Inspection inspect(String modelName, Optional<String> version, byte[] image) {
        return inspect(modelName, version, image, new RequestInfo(RequestIds.next(), ""));
    }

    /**
     * Classifies one image and decides.
     *
     * @throws ServeException not found (model, version), bad request (not a model package, an
     *                        unreadable image), overloaded, internal
     */
    public Inspection inspect(String modelName, Optional<String> version, byte[] image, RequestInfo request) {
        long start = System.nanoTime();
        ModelLease lease;
        try {
            lease = models.acquire(modelName, version, request.routingKey());
        } catch (ServeException e) {
            observer.failed(modelName, "", ModelLease.Arm.CHAMPION, e);
            throw e;
        }
        boolean shadowHandedOver = false;
        ServedModel model = lease.model();
        try (lease) {
            ImageModel m = model.image().orElseThrow(() -> ServeException.badRequest("model '" + model.name()
                    + "' is a bare ONNX file with no descriptor (labels, preprocessing, threshold), so it cannot inspect "
                    + "images; serve a Loupe model package, or use /v2/models/" + model.name() + "/infer with its tensors"));
            if (image.length == 0) {
                throw ServeException.badRequest("the request has no image");
            }
            boolean stats = observer.wantsImageStats();
            long submitted = System.nanoTime();
            Scored s = maxBatch == 1 || !batchable(model, m)
                    ? queue.call(() -> Scored.one(m, image, stats))
                    : batched(batchers.computeIfAbsent(model, k -> new ImageBatcher(m, maxBatch, stats)), image);
            Decision d = m.policy().decide(s.prediction().score());
            Inspection i = new Inspection(model.name(), model.version(), s.prediction().label(), s.prediction().score(), d,
                    m.policy().threshold());
            observer.inspected(new ServingObserver.Inspected(request, model.name(), model.version(), lease.arm(), image,
                    s.stats(), s.prediction(), d, s.timings(submitted), System.nanoTime() - start, Optional.empty()));
            if (lease.shadow().isPresent()) {
                shadowHandedOver = true;
                shadow.submit(lease.shadow().get(), image, request, i);
            }
            return i;
        } catch (ServeException e) {
            observer.failed(model.name(), model.version(), lease.arm(), e);
            throw e;
        } finally {
            if (!shadowHandedOver) {
                lease.shadow().ifPresent(ModelLease::close);
            }
        }
    }

    private static boolean batchable(ServedModel model, ImageModel m) {
        return model.input(m.inputName()).map(s -> s.shape().length > 0 && s.shape()[0] < 0).orElse(false);
    }

    private Scored batched(ImageBatcher batcher, byte[] image) {
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

    /** Forgets a model's batcher once the model is no longer served (see {@link dev.loupe.serve.model.LiveModels}). */
    /** Who is told of every answer and failure; the REST layer tells it of the failures before a request reaches here. */
    public ServingObserver observer() {
        return observer;
    }

    public void forget(ServedModel model) {
        batchers.remove(model);
    }

    @Override
    public void close() {
        shadow.close();
    }
}
