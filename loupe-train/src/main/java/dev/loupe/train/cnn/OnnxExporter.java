package dev.loupe.train.cnn;

import dev.loupe.train.onnx.OnnxGraph;

import java.util.List;

import static dev.loupe.train.onnx.OnnxGraph.integer;
import static dev.loupe.train.onnx.OnnxGraph.ints;

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
 * Relu, MaxPool, GlobalAveragePool, GlobalMaxPool, Concat, Flatten, Gemm and Sigmoid, and for the detail
 * channels ({@link CnnWeights#detailSigma()}) Sub and Mul, and for the fine detail channels
 * ({@link CnnWeights#fineDetailSigma()}) AveragePool and SpaceToDepth. Stateless and thread-safe.
 */
public final class OnnxExporter {

    public static final String INPUT = "image";
    public static final String SCORE = "score";
    public static final String EMBEDDING = "embedding";
    public static final int OPSET = 17;
    /** IR version 8 (ONNX 1.10+), the one that goes with opset 17. */
    public static final int IR_VERSION = 8;

    private static final long FREE = -1;

    private OnnxExporter() {
    }

    /** The serialized ONNX model ({@code model.onnx} bytes). */
    public static byte[] export(CnnWeights weights) {
        OnnxGraph g = new OnnxGraph("loupe_cnn")
                .input(INPUT, FREE, weights.inputChannels(), weights.inputSize(), weights.inputSize());
        String x = networkInput(g, weights);
        List<CnnWeights.Convolution> convolutions = weights.convolutions();
        for (int i = 0; i < convolutions.size(); i++) {
            CnnWeights.Convolution c = convolutions.get(i);
            String p = "block" + i;
            int k = c.kernel();
            int pad = k / 2;
            g.initializer(p + ".weight", c.weight(), c.outChannels(), c.inChannels(), k, k)
                    .initializer(p + ".bias", c.bias(), c.outChannels())
                    .node("Conv", List.of(x, p + ".weight", p + ".bias"), p + ".conv",
                            ints("kernel_shape", k, k), ints("pads", pad, pad, pad, pad), ints("strides", c.stride(), c.stride()))
                    .node("Relu", List.of(p + ".conv"), p + ".relu")
                    .node("MaxPool", List.of(p + ".relu"), p + ".pool", ints("kernel_shape", 2, 2), ints("strides", 2, 2));
            x = p + ".pool";
        }
        return g.node("GlobalAveragePool", List.of(x), "avg")
                .node("GlobalMaxPool", List.of(x), "max")
                .node("Concat", List.of("avg", "max"), "pooled", integer("axis", 1))
                .node("Flatten", List.of("pooled"), EMBEDDING, integer("axis", 1))
                .initializer("head.weight", weights.headWeight(), 1, weights.embeddingSize())
                .initializer("head.bias", new float[] {weights.headBias()}, 1)
                .node("Gemm", List.of(EMBEDDING, "head.weight", "head.bias"), "logit", integer("transB", 1))
                .node("Sigmoid", List.of("logit"), SCORE)
                .output(SCORE, FREE, 1)
                .output(EMBEDDING, FREE, weights.embeddingSize())
                .toBytes("loupe-train cnn", OPSET, IR_VERSION);
    }

    /**
     * Adds what the first convolution reads: the input, or its 2×2 average with fine detail channels; then the
     * detail channels of that ({@code gain · (x − blur(x))}, the blur two grouped convolutions) and the fine
     * detail planes ({@link FineDetail}), concatenated along the channels.
     */
    private static String networkInput(OnnxGraph g, CnnWeights weights) {
        if (weights.detailSigma() == 0 && weights.fineDetailSigma() == 0) {
            return INPUT;
        }
        long c = weights.inputChannels();
        String image = INPUT;
        if (weights.fineDetailSigma() > 0) {
            g.node("AveragePool", List.of(INPUT), "half", ints("kernel_shape", 2, 2), ints("strides", 2, 2));
            image = "half";
        }
        List<String> parts = new java.util.ArrayList<>(List.of(image));
        if (weights.detailSigma() > 0) {
            parts.add(detail(g, "detail", image, c, weights.detailSigma()));
        }
        if (weights.fineDetailSigma() > 0) {
            String luma = INPUT;
            if (c > 1) {
                g.initializer("fine.luma_weights", FineDetail.lumaWeights((int) c), 1, c, 1, 1)
                        .node("Conv", List.of(INPUT, "fine.luma_weights"), "fine.luma", ints("kernel_shape", 1, 1));
                luma = "fine.luma";
            }
            String residue = detail(g, "fine", luma, 1, weights.fineDetailSigma());
            g.node("SpaceToDepth", List.of(residue), "fine.planes", integer("blocksize", 2));
            parts.add("fine.planes");
        }
        g.node("Concat", parts, "network.input", integer("axis", 1));
        return "network.input";
    }

    /** Adds {@code gain · (x − blur(x))} of each of the {@code c} channels of {@code x}; returns its name. */
    private static String detail(OnnxGraph g, String p, String x, long c, double sigma) {
        float[] k = DetailChannels.kernel(sigma);
        int r = k.length / 2;
        float[] tiled = new float[(int) c * k.length];
        for (int i = 0; i < c; i++) {
            System.arraycopy(k, 0, tiled, i * k.length, k.length);
        }
        g.initializer(p + ".rows", tiled, c, 1, 1, k.length)
                .initializer(p + ".cols", tiled, c, 1, k.length, 1)
                .initializer(p + ".gain", new float[] {DetailChannels.GAIN})
                .node("Conv", List.of(x, p + ".rows"), p + ".blur_rows", ints("kernel_shape", 1, k.length),
                        ints("pads", 0, r, 0, r), integer("group", c))
                .node("Conv", List.of(p + ".blur_rows", p + ".cols"), p + ".blur", ints("kernel_shape", k.length, 1),
                        ints("pads", r, 0, r, 0), integer("group", c))
                .node("Sub", List.of(x, p + ".blur"), p + ".residue")
                .node("Mul", List.of(p + ".residue", p + ".gain"), p + ".scaled");
        return p + ".scaled";
    }
}
