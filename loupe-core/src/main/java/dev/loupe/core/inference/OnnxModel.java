package dev.loupe.core.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX model loaded into ONNX Runtime: the single inference path of Loupe. Evaluation, the
 * prediction server, the edge agent and batch scoring all run models through this class, so a model
 * scores the same everywhere.
 *
 * <p>Thread-safe: {@link #run} may be called concurrently (ONNX Runtime sessions are). Holds native
 * memory: whoever loads the model closes it, after its last {@code run} has returned.
 */
public final class OnnxModel implements AutoCloseable {

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final List<TensorSpec> inputs;
    private final List<TensorSpec> outputs;

    private OnnxModel(OrtSession session) throws OrtException {
        this.session = session;
        this.inputs = specs(session.getInputInfo());
        this.outputs = specs(session.getOutputInfo());
    }

    /**
     * Loads a model.
     *
     * @param onnx        the model file's bytes
     * @param intraThreads threads one inference may use (1 suits servers running requests in parallel)
     */
    public static OnnxModel load(byte[] onnx, int intraThreads) throws InferenceException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(Math.max(1, intraThreads));
            opts.setInterOpNumThreads(1);
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            return new OnnxModel(env.createSession(onnx, opts));
        } catch (OrtException e) {
            throw new InferenceException("not a loadable ONNX model: " + e.getMessage(), true, e);
        } catch (IllegalArgumentException e) {
            throw new InferenceException("model uses an unsupported tensor type: " + e.getMessage(), true, e);
        }
    }

    public List<TensorSpec> inputs() {
        return inputs;
    }

    public List<TensorSpec> outputs() {
        return outputs;
    }

    /**
     * Runs the model.
     *
     * @param feeds     every model input by name
     * @param requested the outputs wanted; empty means all, in the model's order
     * @return the outputs by name, in the model's order
     * @throws InferenceException a client error for a missing/unknown input or output, a wrong type or
     *                            shape; otherwise a runtime failure
     */
    public Map<String, Tensor> run(Map<String, Tensor> feeds, Set<String> requested) throws InferenceException {
        for (String name : feeds.keySet()) {
            if (inputs.stream().noneMatch(s -> s.name().equals(name))) {
                throw new InferenceException("unknown input '" + name + "'; the model takes " + names(inputs), true);
            }
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (TensorSpec o : outputs) {
            if (requested.isEmpty() || requested.contains(o.name())) {
                wanted.add(o.name());
            }
        }
        for (String r : requested) {
            if (!wanted.contains(r)) {
                throw new InferenceException("unknown output '" + r + "'; the model gives " + names(outputs), true);
            }
        }
        Map<String, OnnxTensor> ort = new LinkedHashMap<>();
        try {
            for (TensorSpec spec : inputs) {
                Tensor t = feeds.get(spec.name());
                if (t == null) {
                    throw new InferenceException("missing input '" + spec.name() + "' (" + spec + ")", true);
                }
                if (t.type() != spec.type()) {
                    throw new InferenceException("input '" + spec.name() + "' must be " + spec.type() + ", got " + t.type(), true);
                }
                if (!spec.accepts(t.shape())) {
                    throw new InferenceException("input '" + spec.name() + "' has shape " + Arrays.toString(t.shape())
                            + ", the model takes " + Arrays.toString(spec.shape()) + " (-1 = any)", true);
                }
                ort.put(spec.name(), toOrt(t));
            }
            try (OrtSession.Result result = session.run(ort, wanted)) {
                Map<String, Tensor> out = new LinkedHashMap<>();
                for (String name : wanted) {
                    OnnxValue v = result.get(name).orElseThrow(() -> new InferenceException("the model gave no '" + name + "'", false));
                    out.put(name, fromOrt((OnnxTensor) v));
                }
                return out;
            }
        } catch (OrtException e) {
            // shape mismatches inside the graph (e.g. a free dimension the graph cannot take) land here
            throw new InferenceException("inference failed: " + e.getMessage(), e.getCode() == OrtException.OrtErrorCode.ORT_INVALID_ARGUMENT, e);
        } finally {
            ort.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing the ONNX session failed", e);
        }
    }

    private OnnxTensor toOrt(Tensor t) throws OrtException {
        return switch (t) {
            case Tensor.Bytes b -> {
                String[] s = new String[b.elements().size()];
                for (int i = 0; i < s.length; i++) {
                    s[i] = new String(b.elements().get(i), StandardCharsets.UTF_8);
                }
                yield OnnxTensor.createTensor(env, s, b.shape());
            }
            case Tensor.Numeric n -> {
                if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN && n.type().bytes > 1) {
                    throw new UnsupportedOperationException("big-endian hosts are not supported");
                }
                ByteBuffer src = n.data().duplicate().order(ByteOrder.nativeOrder());
                if (src.isDirect()) { // ONNX Runtime reads it in place, for the life of the OnnxTensor
                    yield OnnxTensor.createTensor(env, src, n.shape(), n.type().javaType());
                }
                ByteBuffer direct = ByteBuffer.allocateDirect(src.remaining()).order(ByteOrder.nativeOrder());
                direct.put(src).flip();
                yield OnnxTensor.createTensor(env, direct, n.shape(), n.type().javaType());
            }
        };
    }

    private static Tensor fromOrt(OnnxTensor t) throws OrtException {
        TensorInfo info = t.getInfo();
        DataType type = DataType.of(info);
        long[] shape = info.getShape();
        if (type == DataType.BYTES) {
            String[] flat = flatten(t.getValue());
            List<byte[]> elements = new ArrayList<>(flat.length);
            for (String s : flat) {
                elements.add(s.getBytes(StandardCharsets.UTF_8));
            }
            return new Tensor.Bytes(shape, elements);
        }
        ByteBuffer raw = t.getByteBuffer();
        ByteBuffer le = ByteBuffer.allocate(raw.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        le.put(raw.order(ByteOrder.nativeOrder()));
        le.flip();
        return new Tensor.Numeric(type, shape, le);
    }

    private static String[] flatten(Object value) {
        List<String> out = new ArrayList<>();
        flattenInto(value, out);
        return out.toArray(String[]::new);
    }

    private static void flattenInto(Object value, List<String> out) {
        if (value instanceof String s) {
            out.add(s);
        } else if (value instanceof Object[] arr) {
            for (Object o : arr) {
                flattenInto(o, out);
            }
        }
    }

    private static List<TensorSpec> specs(Map<String, NodeInfo> nodes) {
        List<TensorSpec> specs = new ArrayList<>();
        for (NodeInfo n : nodes.values()) {
            if (n.getInfo() instanceof TensorInfo ti) {
                specs.add(new TensorSpec(n.getName(), DataType.of(ti), ti.getShape()));
            } else {
                throw new IllegalArgumentException("input/output '" + n.getName() + "' is not a tensor (" + n.getInfo() + ")");
            }
        }
        return List.copyOf(specs);
    }

    private static String names(List<TensorSpec> specs) {
        return specs.stream().map(TensorSpec::toString).toList().toString();
    }
}
