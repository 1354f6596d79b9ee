package dev.loupe.serve.infer;

import dev.loupe.core.image.DecodedImage;
import dev.loupe.core.image.ImageStats;
import dev.loupe.core.inference.InferenceException;
import dev.loupe.core.inference.Tensor;
import dev.loupe.core.inference.TensorSpec;
import dev.loupe.core.model.Prediction;
import dev.loupe.serve.ServeException;
import dev.loupe.serve.model.ImageModel;
import dev.loupe.serve.model.ModelLease;
import dev.loupe.serve.model.ServedModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One V2 inference in three steps, so {@link Inferencer} can run it waiting or asynchronously:
 * {@link #start} acquires the model and checks the request against it (on the caller's thread),
 * {@link #run} decodes images and infers (on an inference thread), {@link #finish} shapes the response
 * and tells the observer. {@link #close} releases the model. Not thread-safe: each step happens-before
 * the next (the queue's hand-over orders them).
 */
final class InferCall implements AutoCloseable {
    private final ServingObserver observer;
    private final InferRequest request;
    private final RequestInfo info;
    private final ModelLease lease;
    private final ServedModel model;
    private final long start;
    private final Map<String, Tensor> feeds = new LinkedHashMap<>();
    private final Map<String, List<byte[]>> images = new LinkedHashMap<>();
    private final Set<String> computed;
    private final Optional<ImageModel> described;
    private final boolean withStats;
    private final List<Optional<ImageStats>> stats = new ArrayList<>();
    private final long submitted;
    private long started;
    private long preprocessed;
    private long inferred;

    private InferCall(ServingObserver observer, InferRequest request, RequestInfo info, ModelLease lease, long start) {
        this.observer = observer;
        this.request = request;
        this.info = info;
        this.lease = lease;
        this.model = lease.model();
        this.start = start;
        for (InferRequest.Input in : request.inputs()) {
            TensorSpec spec = model.input(in.name()).orElseThrow(() -> ServeException.badRequest(
                    "unknown input '" + in.name() + "'; model '" + model.name() + "' takes " + model.inputs()));
            if (java.util.Arrays.stream(in.tensor().shape()).anyMatch(d -> d == 0)) { // ONNX Runtime fails on most models
                throw ServeException.badRequest("input '" + in.name() + "' has shape " + java.util.Arrays.toString(in.tensor().shape())
                        + ": every dimension must be at least 1 (an empty tensor has nothing to infer)");
            }
            if (feeds.containsKey(in.name()) || images.containsKey(in.name())) {
                throw ServeException.badRequest("input '" + in.name() + "' is given twice");
            }
            if (in.tensor() instanceof Tensor.Bytes b && spec.type() != b.type() && imageInput(model, spec).isPresent()) {
                images.put(in.name(), b.elements());
            } else {
                checkInput(model, spec, in.tensor());
                feeds.put(in.name(), in.tensor());
            }
        }
        for (TensorSpec spec : model.inputs()) {
            if (!feeds.containsKey(spec.name()) && !images.containsKey(spec.name())) {
                throw ServeException.badRequest("missing input '" + spec.name() + "'; model '" + model.name()
                        + "' takes " + model.inputs());
            }
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (InferRequest.RequestedOutput o : request.outputs()) {
            if (model.output(o.name()).isEmpty()) {
                throw ServeException.badRequest("unknown output '" + o.name() + "'; model '" + model.name()
                        + "' gives " + model.outputs());
            }
            if (o.classification() < 0) {
                throw ServeException.badRequest("classification for output '" + o.name() + "' must be a positive count, got " + o.classification());
            }
            wanted.add(o.name());
        }
        this.described = observer.wantsPredictions() ? model.image() : Optional.empty();
        if (described.isPresent() && !wanted.isEmpty()) { // the log needs the score (and the embedding, for its
            wanted.add(described.get().classifier().descriptor().scoreOutput()); // drift monitor) even unasked
            described.get().classifier().descriptor().embeddingOutput().ifPresent(wanted::add);
        }
        this.computed = wanted;
        this.withStats = described.isPresent() && observer.wantsImageStats();
        this.submitted = System.nanoTime();
    }

    /**
     * Acquires the model for the request and checks the request against it.
     *
     * @throws ServeException not found (model, version) or bad request; the observer has been told and
     *                        the model released
     */
    static InferCall start(Inferencer inferencer, InferRequest request, RequestInfo info) {
        long start = System.nanoTime();
        ServingObserver observer = inferencer.observer();
        ModelLease lease;
        try {
            lease = inferencer.models().acquire(request.model(), request.version(), info.routingKey());
        } catch (ServeException e) {
            observer.failed(request.model(), "", ModelLease.Arm.CHAMPION, e);
            throw e;
        }
        lease.shadow().ifPresent(ModelLease::close); // shadows score /inspect images; V2 tensors are answered by the champion alone
        try {
            return new InferCall(observer, request, info, lease, start);
        } catch (ServeException e) {
            observer.failed(lease.model().name(), lease.model().version(), lease.arm(), e);
            lease.close();
            throw e;
        }
    }

    /** On an inference thread: decodes and preprocesses the images, then runs the model. */
    Map<String, Tensor> run() throws InferenceException {
        started = System.nanoTime();
        for (Map.Entry<String, List<byte[]>> e : images.entrySet()) {
            List<DecodedImage> decoded = ImageModel.decodeAll(e.getValue());
            feeds.put(e.getKey(), model.image().orElseThrow().toTensor(decoded));
            if (withStats) {
                decoded.forEach(d -> stats.add(Optional.of(ImageStats.of(d))));
            }
        }
        preprocessed = System.nanoTime();
        Map<String, Tensor> out = model.runner().run(feeds, computed);
        inferred = System.nanoTime();
        return out;
    }

    /** The response for the model's outputs (the classification extension applied); tells the observer. */
    InferResponse finish(Map<String, Tensor> results) {
        List<InferResponse.Output> outputs = new ArrayList<>();
        if (request.outputs().isEmpty()) {
            results.forEach((name, t) -> outputs.add(new InferResponse.Output(name, t)));
        } else {
            for (InferRequest.RequestedOutput o : request.outputs()) {
                Tensor t = results.get(o.name());
                outputs.add(new InferResponse.Output(o.name(), o.classification() > 0
                        ? Classification.topK(o.name(), t, o.classification(), model::classLabels) : t));
            }
        }
        List<ServingObserver.ImagePrediction> predictions = described
                .map(m -> predictions(m, info, images.get(m.inputName()), feeds.get(m.inputName()), stats, results))
                .orElse(List.of());
        observer.inferred(new ServingObserver.Inferred(info, model.name(), model.version(), lease.arm(), predictions,
                new Timings(started - submitted, preprocessed - started, inferred - preprocessed, 1), System.nanoTime() - start));
        return new InferResponse(model.name(), model.version(), request.id(), outputs);
    }

    /** Tells the observer the request failed. */
    void failed(ServeException e) {
        observer.failed(model.name(), model.version(), lease.arm(), e);
    }

    @Override
    public void close() {
        lease.close();
    }

    /** One prediction per image of the request, read from the score output as the classifier reads it. */
    private static List<ServingObserver.ImagePrediction> predictions(ImageModel m, RequestInfo info, List<byte[]> encoded,
                                                                     Tensor input, List<Optional<ImageStats>> stats,
                                                                     Map<String, Tensor> results) {
        int n = encoded != null ? encoded.size() : input != null && input.shape().length > 0 ? (int) input.shape()[0] : 0;
        if (n < 1) {
            return List.of();
        }
        List<Prediction> scored;
        try {
            scored = m.classifier().predictions(results, n);
        } catch (IllegalArgumentException | IllegalStateException e) { // an output the descriptor does not describe
            return List.of();
        }
        List<ServingObserver.ImagePrediction> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Prediction p = scored.get(i);
            out.add(new ServingObserver.ImagePrediction(n == 1 ? info.requestId() : info.requestId() + ":" + i,
                    encoded == null ? Optional.empty() : Optional.of(encoded.get(i)),
                    i < stats.size() ? stats.get(i) : Optional.empty(), p, m.policy().decide(p.score())));
        }
        return out;
    }

    private static Optional<ImageModel> imageInput(ServedModel model, TensorSpec spec) {
        return model.image().filter(i -> i.inputName().equals(spec.name()));
    }

    private static void checkInput(ServedModel model, TensorSpec spec, Tensor t) {
        if (t.type() != spec.type()) {
            String hint = t.type() == dev.loupe.core.inference.DataType.BYTES && model.image().isEmpty()
                    ? " (model '" + model.name() + "' has no image descriptor, so it takes no encoded images)" : "";
            throw ServeException.badRequest("input '" + spec.name() + "' must be " + spec.type() + ", got " + t.type() + hint);
        }
        if (!spec.accepts(t.shape())) {
            throw ServeException.badRequest("input '" + spec.name() + "' has shape " + java.util.Arrays.toString(t.shape())
                    + "; model '" + model.name() + "' takes " + java.util.Arrays.toString(spec.shape()) + " (-1 = any size)");
        }
    }
}
