package dev.loupe.core.model;

import dev.loupe.core.inference.TinyOnnx;

import java.io.ByteArrayOutputStream;

/**
 * Tiny image classifiers as ONNX bytes, protobuf-encoded by hand (field numbers from onnx.proto), so the
 * model package and classifier are tested without any model file. Input {@code image} FP32 [N, C, H, W].
 */
public final class TestGraphs {
    private TestGraphs() {
    }

    /**
     * {@code score = Sigmoid(mean of all pixels)} [N, 1] and {@code embedding = max per channel} [N, C],
     * for an input of {@code channels} channels, any size.
     */
    public static byte[] meanSigmoid(int channels) {
        byte[] mean = node("ReduceMean", new String[]{"image"}, "m3", ints("axes", 1, 2, 3), intAttr("keepdims", 0));
        byte[] unsq = node("Unsqueeze", new String[]{"m3"}, "m", ints("axes", 1));
        byte[] sig = node("Sigmoid", new String[]{"m"}, "score");
        byte[] max = node("ReduceMax", new String[]{"image"}, "embedding", ints("axes", 2, 3), intAttr("keepdims", 0));
        return model(graph(new byte[][]{mean, unsq, sig, max},
                valueInfo("image", -1, channels, -1, -1), new byte[][]{valueInfo("score", -1, 1), valueInfo("embedding", -1, channels)}));
    }

    /**
     * {@code probs = Softmax([-m, m])} [N, 2] with m the mean of all pixels: column 1 is
     * {@code Sigmoid(2m)}. A two-column output, one probability per label.
     */
    public static byte[] twoColumnSoftmax(int channels) {
        byte[] mean = node("ReduceMean", new String[]{"image"}, "m3", ints("axes", 1, 2, 3), intAttr("keepdims", 0));
        byte[] unsq = node("Unsqueeze", new String[]{"m3"}, "m", ints("axes", 1));
        byte[] neg = node("Neg", new String[]{"m"}, "nm");
        byte[] cat = node("Concat", new String[]{"nm", "m"}, "logits", intAttr("axis", 1));
        byte[] soft = node("Softmax", new String[]{"logits"}, "probs", intAttr("axis", 1));
        return model(graph(new byte[][]{mean, unsq, neg, cat, soft},
                valueInfo("image", -1, channels, -1, -1), new byte[][]{valueInfo("probs", -1, 2)}));
    }

    private static byte[] model(byte[] graph) {
        byte[] opset = TinyOnnx.msg(TinyOnnx.str(1, ""), TinyOnnx.varint(2, 11));
        return TinyOnnx.msg(TinyOnnx.varint(1, 7), TinyOnnx.str(2, "loupe-test"), TinyOnnx.field(7, graph), TinyOnnx.field(8, opset));
    }

    private static byte[] graph(byte[][] nodes, byte[] input, byte[][] outputs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] n : nodes) {
            out.writeBytes(TinyOnnx.field(1, n));
        }
        out.writeBytes(TinyOnnx.str(2, "test"));
        out.writeBytes(TinyOnnx.field(11, input));
        for (byte[] o : outputs) {
            out.writeBytes(TinyOnnx.field(12, o));
        }
        return out.toByteArray();
    }

    private static byte[] node(String op, String[] inputs, String output, byte[]... attributes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String in : inputs) {
            out.writeBytes(TinyOnnx.str(1, in));
        }
        out.writeBytes(TinyOnnx.str(2, output));
        out.writeBytes(TinyOnnx.str(4, op));
        for (byte[] a : attributes) {
            out.writeBytes(TinyOnnx.field(5, a));
        }
        return out.toByteArray();
    }

    private static byte[] intAttr(String name, long v) {
        return TinyOnnx.msg(TinyOnnx.str(1, name), TinyOnnx.varint(3, v), TinyOnnx.varint(20, 2)); // type INT
    }

    private static byte[] ints(String name, long... vs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(TinyOnnx.str(1, name));
        for (long v : vs) {
            out.writeBytes(TinyOnnx.varint(8, v));
        }
        out.writeBytes(TinyOnnx.varint(20, 7)); // type INTS
        return out.toByteArray();
    }

    /** A FLOAT tensor value info; a dimension of -1 is the free dimension "N" or a named free one. */
    private static byte[] valueInfo(String name, long... dims) {
        ByteArrayOutputStream shape = new ByteArrayOutputStream();
        int free = 0;
        for (long d : dims) {
            shape.writeBytes(TinyOnnx.field(1, d < 0 ? TinyOnnx.msg(TinyOnnx.str(2, free++ == 0 ? "N" : "d" + free)) : TinyOnnx.msg(TinyOnnx.varint(1, d))));
        }
        byte[] tensorType = TinyOnnx.msg(TinyOnnx.varint(1, 1), TinyOnnx.field(2, shape.toByteArray()));
        return TinyOnnx.msg(TinyOnnx.str(1, name), TinyOnnx.field(2, TinyOnnx.msg(TinyOnnx.field(1, tensorType))));
    }
}
