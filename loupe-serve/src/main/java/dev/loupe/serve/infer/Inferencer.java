package dev.loupe.serve.infer;

import dev.loupe.core.inference.Tensor;
import dev.loupe.core.inference.TensorSpec;
import dev.loupe.serve.ServeException;
import dev.loupe.serve.model.ImageModel;
import dev.loupe.serve.model.ModelCatalog;
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
 * The one inference path behind every protocol: resolves the model, checks the request against the
 * model's declared inputs and outputs (so a client gets a 4xx naming what is wrong), runs it on the
 * {@link InferenceQueue}, and applies the classification extension. An encoded-image BYTES tensor sent
 * to a model's image input is decoded and preprocessed on the inference thread, inside the bound.
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

    /**
     * Runs one request.
     *
     * @throws ServeException not found (model/version), bad request (inputs, outputs, images),
     *                        overloaded, or internal
     */
    public InferResponse infer(InferRequest request) {
        long start = System.nanoTime();
        ModelLease lease;
        try {
            lease = models.acquire(request.model(), request.version(), java.util.UUID.randomUUID().toString());
        } catch (ServeException e) {
            observer.failed(request.model(), "", ModelLease.Arm.CHAMPION, e);
            throw e;
        }
        lease.shadow().ifPresent(ModelLease::close); // shadows score /inspect images; V2 tensors are answered by the champion alone
        try (lease) {
            return infer(request, lease, start);
        } catch (ServeException e) {
            observer.failed(lease.model().name(), lease.model().version(), lease.arm(), e);
            throw e;
        }
    }

    private InferResponse infer(InferRequest request, ModelLease lease, long start) {
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
        long submitted = System.nanoTime();
        long[] steps = new long[3];
        Map<String, Tensor> results = queue.call(() -> {
            steps[0] = System.nanoTime();
            for (Map.Entry<String, List<byte[]>> e : images.entrySet()) {
                feeds.put(e.getKey(), model.image().orElseThrow().toTensor(e.getValue()));
            }
            steps[1] = System.nanoTime();
            Map<String, Tensor> out = model.runner().run(feeds, wanted);
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
        observer.inferred(model.name(), model.version(), lease.arm(),
                new Timings(steps[0] - submitted, steps[1] - steps[0], steps[2] - steps[1], 1), System.nanoTime() - start);
        return new InferResponse(model.name(), model.version(), request.id(), outputs);
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
