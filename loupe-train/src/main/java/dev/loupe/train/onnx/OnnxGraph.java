package dev.loupe.train.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Builds a small ONNX graph with the ONNX protobuf classes: FP32 tensors, nodes with int/ints/float
 * attributes, initializers. For graphs Loupe writes from weights it computed itself (the baseline),
 * so they run through ONNX Runtime like any other model. Not thread-safe; build, then {@link #toBytes}.
 */
public final class OnnxGraph {

    /**
     * The ONNX operator set the graphs use by default: 17, the CNN export's, so graphs can be {@linkplain #include
     * combined}. From 13 on ReduceSum takes its axes as an input ({@link #reduceSum}); ReduceMean and ReduceMax
     * take them as attributes up to 17.
     */
    public static final int OPSET = 17;
    /** The IR version that goes with {@link #OPSET} (8: ONNX 1.10+). */
    public static final int IR_VERSION = 8;

    private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();

    public OnnxGraph(String name) {
        graph.setName(name);
    }

    /** Declares an FP32 graph input; a dimension below 0 is free (named {@code N} for the first, batch). */
    public OnnxGraph input(String name, long... dims) {
        graph.addInput(valueInfo(name, dims));
        return this;
    }

    /** Declares an FP32 graph output. */
    public OnnxGraph output(String name, long... dims) {
        graph.addOutput(valueInfo(name, dims));
        return this;
    }

    /** A constant FP32 tensor. */
    public OnnxGraph initializer(String name, float[] values, long... dims) {
        OnnxMl.TensorProto.Builder t = tensor(name, OnnxMl.TensorProto.DataType.FLOAT, dims);
        for (float v : values) {
            t.addFloatData(v);
        }
        graph.addInitializer(t);
        return this;
    }

    /** A constant INT64 tensor (the starts, ends and axes of a {@code Slice}, shapes). */
    public OnnxGraph longs(String name, long[] values, long... dims) {
        OnnxMl.TensorProto.Builder t = tensor(name, OnnxMl.TensorProto.DataType.INT64, dims);
        for (long v : values) {
            t.addInt64Data(v);
        }
        graph.addInitializer(t);
        return this;
    }

    /** A node {@code op(inputs) -> output}. */
    public OnnxGraph node(String op, List<String> inputs, String output, OnnxMl.AttributeProto... attributes) {
        OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder().setOpType(op).addAllInput(inputs).addOutput(output)
                .setName(output);
        for (OnnxMl.AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        graph.addNode(n);
        return this;
    }

    /**
     * {@code output} = ReduceSum of {@code input} over {@code axes}, in the opset-13+ form (the axes an INT64
     * initializer named after the output).
     */
    public OnnxGraph reduceSum(String input, String output, boolean keepDims, long... axes) {
        longs(output + "_axes", axes, axes.length);
        return node("ReduceSum", List.of(input, output + "_axes"), output, integer("keepdims", keepDims ? 1 : 0));
    }

    /**
     * Adds a whole serialized model's graph: every node, initializer and value name gets {@code prefix} in front,
     * except the model's inputs, which {@code inputs} maps to names of this graph (each input must be mapped).
     * The model's outputs are not declared here: read them as {@code prefix + name}. The model must use this
     * class's {@link #OPSET} in the default domain and no other domain, so its operators mean what they meant.
     *
     * @throws IllegalArgumentException when the bytes are not an ONNX model, use another opset, have graph-valued
     *                                  attributes (If, Loop) or an input {@code inputs} does not map
     */
    public OnnxGraph include(byte[] model, String prefix, Map<String, String> inputs) {
        OnnxMl.ModelProto m;
        try {
            m = OnnxMl.ModelProto.parseFrom(model);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not an ONNX model: " + e.getMessage(), e);
        }
        for (OnnxMl.OperatorSetIdProto o : m.getOpsetImportList()) {
            if (!o.getDomain().isEmpty() || o.getVersion() != OPSET) {
                throw new IllegalArgumentException("the included model imports opset " + o.getVersion() + " of domain '"
                        + o.getDomain() + "'; only the default domain at opset " + OPSET + " can be included");
            }
        }
        OnnxMl.GraphProto sub = m.getGraph();
        Map<String, String> names = new HashMap<>();
        for (OnnxMl.ValueInfoProto in : sub.getInputList()) {
            String to = inputs.get(in.getName());
            if (to == null) {
                throw new IllegalArgumentException("the included model's input '" + in.getName() + "' is not mapped");
            }
            names.put(in.getName(), to);
        }
        UnaryOperator<String> rename = n -> n.isEmpty() ? n : names.getOrDefault(n, prefix + n);
        for (OnnxMl.TensorProto t : sub.getInitializerList()) {
            graph.addInitializer(t.toBuilder().setName(rename.apply(t.getName())));
        }
        for (OnnxMl.NodeProto n : sub.getNodeList()) {
            for (OnnxMl.AttributeProto a : n.getAttributeList()) {
                if (a.hasG() || a.getGraphsCount() > 0) {
                    throw new IllegalArgumentException("node '" + n.getName() + "' has a graph attribute; not supported");
                }
            }
            OnnxMl.NodeProto.Builder b = n.toBuilder().setName(prefix + n.getName()).clearInput().clearOutput();
            n.getInputList().forEach(i -> b.addInput(rename.apply(i)));
            n.getOutputList().forEach(o -> b.addOutput(rename.apply(o)));
            graph.addNode(b);
        }
        return this;
    }

    public static OnnxMl.AttributeProto ints(String name, long... values) {
        OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    public static OnnxMl.AttributeProto integer(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT)
                .setI(value).build();
    }

    public static OnnxMl.AttributeProto text(String name, String value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    public static OnnxMl.AttributeProto real(String name, float value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.FLOAT)
                .setF(value).build();
    }

    /** The serialized model, at {@link #OPSET} (IR version {@value #IR_VERSION}). */
    public byte[] toBytes(String producer) {
        return toBytes(producer, OPSET, IR_VERSION);
    }

    /**
     * The serialized model at another opset, with the IR version that goes with it (7 for opset 12,
     * 8 for opsets 13-17; ONNX Runtime 1.24 reads IR 3 to 11).
     */
    public byte[] toBytes(String producer, int opset, int irVersion) {
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(irVersion)
                .setProducerName(producer)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(graph)
                .build().toByteArray();
    }

    private static OnnxMl.TensorProto.Builder tensor(String name, OnnxMl.TensorProto.DataType type, long... dims) {
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
        for (long d : dims) {
            t.addDims(d);
        }
        return t;
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, long... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        int free = 0;
        for (long d : dims) {
            OnnxMl.TensorShapeProto.Dimension.Builder dim = OnnxMl.TensorShapeProto.Dimension.newBuilder();
            if (d < 0) {
                dim.setDimParam(free++ == 0 ? "N" : "d" + free);
            } else {
                dim.setDimValue(d);
            }
            shape.addDim(dim);
        }
        OnnxMl.TypeProto type = OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setShape(shape)).build();
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }
}
