package dev.loupe.train.onnx;

import ai.onnx.proto.OnnxMl;

import java.util.List;

/**
 * Builds a small ONNX graph with the ONNX protobuf classes: FP32 tensors, nodes with int/ints/float
 * attributes, initializers. For graphs Loupe writes from weights it computed itself (the baseline),
 * so they run through ONNX Runtime like any other model. Not thread-safe; build, then {@link #toBytes}.
 */
public final class OnnxGraph {

    /** The ONNX operator set the graphs use (ReduceMean/Unsqueeze take axes as attributes up to 12). */
    public static final int OPSET = 12;

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

    public static OnnxMl.AttributeProto real(String name, float value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.FLOAT)
                .setF(value).build();
    }

    /** The serialized model, at {@link #OPSET} (IR version 7). */
    public byte[] toBytes(String producer) {
        return toBytes(producer, OPSET, 7);
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
