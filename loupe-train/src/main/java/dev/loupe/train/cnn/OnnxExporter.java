package dev.loupe.train.cnn;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Writes a trained CNN as an ONNX model, built node by node from its weights (DJL cannot export ONNX).
 *
 * <p>The model's contract, which serving and monitoring rely on:
 * <ul>
 *   <li>input {@value #INPUT}: FP32 {@code [batch, C, H, W]}, batch free, the preprocessed image;</li>
 *   <li>output {@value #SCORE}: FP32 {@code [batch, 1]}, the probability of a defect;</li>
 *   <li>output {@value #EMBEDDING}: FP32 {@code [batch, D]}, the penultimate features (average and max
 *       pooled last feature maps), for drift monitoring.</li>
 * </ul>
 * ONNX IR version {@value #IR_VERSION}, default-domain opset {@value #OPSET}; the operators are Conv,
 * Relu, MaxPool, GlobalAveragePool, GlobalMaxPool, Concat, Flatten, Gemm and Sigmoid. Stateless and
 * thread-safe.
 */
public final class OnnxExporter {

    public static final String INPUT = "image";
    public static final String SCORE = "score";
    public static final String EMBEDDING = "embedding";
    public static final int OPSET = 17;
    /** IR version 8 (ONNX 1.10+); ONNX Runtime 1.24 reads IR 3 to 11. */
    public static final int IR_VERSION = 8;

    private static final String BATCH = "batch";

    private OnnxExporter() {
    }

    /** The serialized ONNX model ({@code model.onnx} bytes). */
    public static byte[] export(CnnWeights weights) {
        GraphProto.Builder g = GraphProto.newBuilder().setName("loupe_cnn");
        g.addInput(valueInfo(INPUT, BATCH, weights.inputChannels(), weights.inputSize(), weights.inputSize()));
        String x = INPUT;
        List<CnnWeights.Convolution> convolutions = weights.convolutions();
        for (int i = 0; i < convolutions.size(); i++) {
            CnnWeights.Convolution c = convolutions.get(i);
            String p = "block" + i;
            g.addInitializer(tensor(p + ".weight", c.weight(), c.outChannels(), c.inChannels(), c.kernel(), c.kernel()));
            g.addInitializer(tensor(p + ".bias", c.bias(), c.outChannels()));
            int pad = c.kernel() / 2;
            g.addNode(node("Conv", List.of(x, p + ".weight", p + ".bias"), p + ".conv",
                    ints("kernel_shape", c.kernel(), c.kernel()), ints("pads", pad, pad, pad, pad), ints("strides", 1, 1)));
            g.addNode(node("Relu", List.of(p + ".conv"), p + ".relu"));
            g.addNode(node("MaxPool", List.of(p + ".relu"), p + ".pool", ints("kernel_shape", 2, 2), ints("strides", 2, 2)));
            x = p + ".pool";
        }
        g.addNode(node("GlobalAveragePool", List.of(x), "avg"));
        g.addNode(node("GlobalMaxPool", List.of(x), "max"));
        g.addNode(node("Concat", List.of("avg", "max"), "pooled", integer("axis", 1)));
        g.addNode(node("Flatten", List.of("pooled"), EMBEDDING, integer("axis", 1)));
        g.addInitializer(tensor("head.weight", weights.headWeight(), 1, weights.embeddingSize()));
        g.addInitializer(tensor("head.bias", new float[] {weights.headBias()}, 1));
        g.addNode(node("Gemm", List.of(EMBEDDING, "head.weight", "head.bias"), "logit", integer("transB", 1)));
        g.addNode(node("Sigmoid", List.of("logit"), SCORE));
        g.addOutput(valueInfo(SCORE, BATCH, 1));
        g.addOutput(valueInfo(EMBEDDING, BATCH, weights.embeddingSize()));
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("loupe-train")
                .setDocString("Loupe CNN defect classifier: score = P(defect), embedding = penultimate features")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .addMetadataProps(StringStringEntryProto.newBuilder().setKey("loupe.trainer").setValue("cnn"))
                .setGraph(g)
                .build().toByteArray();
    }

    private static NodeProto node(String op, List<String> inputs, String output, AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(output).addAllInput(inputs).addOutput(output);
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        return n.build();
    }

    private static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    /** An FP32 initializer, its values as little-endian raw data (ONNX's layout for raw_data). */
    private static TensorProto tensor(String name, float[] values, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.FLOAT.getNumber()).setRawData(ByteString.copyFrom(raw.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    /** An FP32 value; a String dimension is symbolic (free), a number fixed. */
    private static ValueInfoProto valueInfo(String name, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String symbol) {
                dim.setDimParam(symbol);
            } else {
                dim.setDimValue(((Number) d).longValue());
            }
            shape.addDim(dim);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape))).build();
    }
}
