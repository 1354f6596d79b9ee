package dev.loupe.serve.infer;

import dev.loupe.core.monitoring.RequestIds;
import dev.loupe.core.inference.Tensor;
import dev.loupe.serve.ServeException;
import dev.loupe.serve.model.ModelCatalog;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The one inference path behind every protocol: resolves the model, checks the request against the
 * model's declared inputs and outputs (so a client gets a 4xx naming what is wrong), runs it on the
 * {@link InferenceQueue}, and applies the classification extension. An encoded-image BYTES tensor sent
 * to a model's image input is decoded and preprocessed on the inference thread, inside the bound.
 *
 * <p>When the {@link ServingObserver} wants predictions and the model is a package (it classifies images),
 * every answer is also read as the classifier reads it (score, label, the policy's decision, one per image)
 * and reported with each image's statistics, so V2 answers are logged as {@code /inspect} ones are.
 *
 * <p>Thread-safe.
 */
public final class Inferencer {

    private final ModelCatalog models;
    private final InferenceQueue queue;
    private final ServingObserver observer;

    public Inferencer(ModelCatalog models, InferenceQueue queue) {
        this(models, queue, ServingObserver.NONE);
    }

    /** @param observer told of every answer (with its timings) and failure */
    public Inferencer(ModelCatalog models, InferenceQueue queue, ServingObserver observer) {
        this.models = models;
        this.queue = queue;
        this.observer = observer;
    }

    public ModelCatalog models() {
        return models;
    }

    /** {@link #infer(InferRequest, RequestInfo)} for a request with no station, known by its {@code id} or a new one. */
    public InferResponse infer(InferRequest request) {
        return infer(request, new RequestInfo(request.id().orElseGet(RequestIds::next), ""));
    }

    /**
     * Runs one request, waiting for it.
     *
     * @param info who sent it: the id its predictions are logged under, and the station (which also keeps a
     *             canary sticky)
     * @throws ServeException not found (model/version), bad request (inputs, outputs, images),
     *                        overloaded, or internal
     */
    public InferResponse infer(InferRequest request, RequestInfo info) {
        InferCall call = InferCall.start(this, request, info);
        try {
            return call.finish(queue.call(call::run));
        } catch (ServeException e) {
            call.failed(e);
            throw e;
        } finally {
            call.close();
        }
    }

    /**
     * Runs one request without blocking the caller: the request is checked on the calling thread, then
     * inferred on the {@link InferenceQueue}, and the returned future completes there, so a caller on an
     * event loop (gRPC) hands each request over once and is handed the answer once.
     *
     * @return completes with the response, or exceptionally with a {@link ServeException} (possibly wrapped
     *         in a {@link java.util.concurrent.CompletionException}) as {@link #infer(InferRequest, RequestInfo)} throws
     */
    public CompletableFuture<InferResponse> inferAsync(InferRequest request, RequestInfo info) {
        InferCall call;
        CompletableFuture<Map<String, Tensor>> results;
        try {
            call = InferCall.start(this, request, info);
        } catch (ServeException e) {
            return CompletableFuture.failedFuture(e);
        }
        try {
            results = queue.submit(call::run);
        } catch (ServeException e) {
            call.failed(e);
            call.close();
            return CompletableFuture.failedFuture(e);
        }
        return results.handle((r, error) -> {
            try {
                if (error != null) {
                    throw InferenceQueue.translate(error instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                            ? c.getCause() : error);
                }
                return call.finish(r);
            } catch (ServeException e) {
                call.failed(e);
                throw e;
            } finally {
                call.close();
            }
        });
    }

    /** Who is told of every answer and failure; the REST layer tells it of the failures before a request reaches here. */
    public ServingObserver observer() {
        return observer;
    }
}
