package dev.loupe.serve.infer;

import dev.loupe.core.image.ImageStats;
import dev.loupe.core.inference.Tensor;
import dev.loupe.core.inference.TensorSpec;
import dev.loupe.core.model.Prediction;
import dev.loupe.serve.ServeException;
import dev.loupe.serve.model.ImageModel;
import dev.loupe.serve.model.ModelCatalog;
import dev.loupe.serve.model.ModelLease;
import dev.loupe.serve.model.ServedModel;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

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
        return infer(request, new RequestInfo(request.id().orElseGet(() -> UUID.randomUUID().toString()), ""));
    }

    /**
     * Runs one request.
     *
     * @param info who sent it: the id its predictions are logged under, and the station (which also keeps a
     *             canary sticky)
     * @throws ServeException not found (model/version), bad request (inputs, outputs, images),
     *                        overloaded, or internal
     */
    public InferResponse infer(InferRequest request, RequestInfo info) {
        long start = System.nanoTime();
        ModelLease lease;
        try {
            lease = models.acquire(request.model(), request.version(), info.routingKey());
        } catch (ServeException e) {
            observer.failed(request.model(), "", ModelLease.Arm.CHAMPION, e);
            throw e;
        }
        lease.shadow().ifPresent(ModelLease::close); // shadows score /inspect images; V2 tensors are answered by the champion alone
        try (lease) {
            return infer(request, info, lease, start);
        } catch (ServeException e) {
            observer.failed(lease.model().name(), lease.model().version(), lease.arm(), e);
            throw e;
        }
    }

    private InferResponse infer(InferRequest request, RequestInfo info, ModelLease lease, long start) {
        ServedModel model = lease.model();
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        Map<String, List<byte[]>> images = new LinkedHashMap<>();
        for (InferRequest.Input in : request.inputs()) {
            TensorSpec spec = model.input(in.name()).orElseThrow(() -> ServeException.badRequest(
                    "unknown input '" + in.name() + "'; model '" + model.name() + "' takes " + model.inputs()));
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
        Optional<ImageModel> described = observer.wantsPredictions() ? model.image() : Optional.empty();
        Set<String> run = wanted;
        if (described.isPresent() && !wanted.isEmpty()) { // the log needs the score even when the client did not ask for it
            run = new LinkedHashSet<>(wanted);
            run.add(described.get().classifier().descriptor().scoreOutput());
        }
        Set<String> computed = run;
        boolean withStats = described.isPresent() && observer.wantsImageStats();
        List<Optional<ImageStats>> stats = new ArrayList<>();
        long submitted = System.nanoTime();
        long[] steps = new long[3];
        Map<String, Tensor> results = queue.call(() -> {
            steps[0] = System.nanoTime();
            for (Map.Entry<String, List<byte[]>> e : images.entrySet()) {
                List<BufferedImage> decoded = ImageModel.decodeAll(e.getValue());
                feeds.put(e.getKey(), model.image().orElseThrow().toTensor(decoded));
                if (withStats) {
                    decoded.forEach(d -> stats.add(Optional.of(ImageStats.of(d))));
                }
            }
            steps[1] = System.nanoTime();
            Map<String, Tensor> out = model.runner().run(feeds, computed);
            steps[2] = System.nanoTime();
            return out;
        });
        List<InferResponse.Output> outputs = new ArrayList<>();
        if (request.outputs().isEmpty()) {
            results.forEach((name, t) -> outputs.add(new InferResponse.Output(name, t)));
        } else {
            for (InferRequest.RequestedOutput o : request.outputs()) {
                Tensor t = results.get(o.name());
                outputs.add(new InferResponse.Output(o.name(), o.classification() > 0
                        ? Classification.topK(o.name(), t, o.classification(), model.labels()) : t));
            }
        }
        List<ServingObserver.ImagePrediction> predictions = described
                .map(m -> predictions(m, info, images.get(m.inputName()), feeds.get(m.inputName()), stats, results))
                .orElse(List.of());
        observer.inferred(new ServingObserver.Inferred(info, model.name(), model.version(), lease.arm(), predictions,
                new Timings(steps[0] - submitted, steps[1] - steps[0], steps[2] - steps[1], 1), System.nanoTime() - start));
        return new InferResponse(model.name(), model.version(), request.id(), outputs);
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
