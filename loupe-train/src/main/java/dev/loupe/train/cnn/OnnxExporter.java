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
 *       pooled last feature maps, or average and generalised mean), for drift monitoring.</li>
 * </ul>
 * ONNX IR version {@value #IR_VERSION}, default-domain opset {@value #OPSET}; the operators are Conv,
 * Relu, MaxPool, GlobalAveragePool, GlobalMaxPool (or, for the generalised mean of {@link CnnWeights#gemPower()},
 * Max and Pow), Concat, Flatten, Gemm and Sigmoid, for the averaged views Slice, Reshape and ReduceMean, and for the detail
 * channels ({@link CnnWeights#detailSigma()}) Sub and Mul, and for the fine detail channels
 * ({@link CnnWeights#fineDetailSigma()}) AveragePool and SpaceToDepth. Stateless and thread-safe.
 */
public final class OnnxExporter {

    public static final String INPUT = "image";
    public static final String SCORE = "score";
    public static final String EMBEDDING = "embedding";
    /** The value the score is the sigmoid of, {@code [batch, 1]} (not a graph output). */
    public static final String LOGIT = "logit";
    public static final int OPSET = OnnxGraph.OPSET;
    /** IR version 8 (ONNX 1.10+), the one that goes with opset 17. */
    public static final int IR_VERSION = OnnxGraph.IR_VERSION;

    private static final long FREE = -1;

    private OnnxExporter() {
    }

    /** The serialized ONNX model ({@code model.onnx} bytes) of the network alone, one view per image. */
    public static byte[] export(CnnWeights weights) {
        return export(weights, 1);
    }

    /**
     * The serialized ONNX model whose embedding (hence logit and score) is the network's averaged over {@code views}
     * views of each image: 1, the image; 2, it and its left-right mirror; 4, also its up-down mirror and both. The
     * views go through the network as one batch of {@code views · N} images.
     */
    public static byte[] export(CnnWeights weights, int views) {
        if (views != 1 && views != 2 && views != 4) {
            throw new IllegalArgumentException("views must be 1, 2 or 4, got " + views);
        }
        OnnxGraph g = new OnnxGraph("loupe_cnn")
                .input(INPUT, FREE, weights.inputChannels(), weights.inputSize(), weights.inputSize());
        String x = networkInput(g, weights, views(g, views));
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
                    .node("Relu", List.of(p + ".conv"), p + ".relu");
            x = p + ".relu";
            if (c.pooled()) {
                g.node("MaxPool", List.of(x), p + ".pool", ints("kernel_shape", 2, 2), ints("strides", 2, 2));
                x = p + ".pool";
            }
        }
        g.node("GlobalAveragePool", List.of(x), "avg");
        String peak = peak(g, x, weights.gemPower());
        g.node("Concat", List.of("avg", peak), "pooled", integer("axis", 1))
                .node("Flatten", List.of("pooled"), views == 1 ? EMBEDDING : "view_embeddings", integer("axis", 1));
        if (views > 1) {
            // (views·N, D) -> (views, N, D), the views of one image at the same N: their mean
            g.longs("views.shape", new long[] {views, -1, weights.embeddingSize()}, 3)
                    .node("Reshape", List.of("view_embeddings", "views.shape"), "by_view")
                    .node("ReduceMean", List.of("by_view"), EMBEDDING, ints("axes", 0), integer("keepdims", 0));
        }
        return g
                .initializer("head.weight", weights.headWeight(), 1, weights.embeddingSize())
                .initializer("head.bias", new float[] {weights.headBias()}, 1)
                .node("Gemm", List.of(EMBEDDING, "head.weight", "head.bias"), LOGIT, integer("transB", 1))
                .node("Sigmoid", List.of(LOGIT), SCORE)
                .output(SCORE, FREE, 1)
                .output(EMBEDDING, FREE, weights.embeddingSize())
                .toBytes("loupe-train cnn", OPSET, IR_VERSION);
    }

    /**
     * Adds the batch of views: the input, then (2, 4 views) its left-right mirror, then (4) its up-down mirror and
     * both, concatenated along the batch; returns its name. A mirror is a Slice with step −1 from the last index.
     */
    private static String views(OnnxGraph g, int views) {
        if (views == 1) {
            return INPUT;
        }
        g.longs("mirror.start", new long[] {-1}, 1)
                .longs("mirror.end", new long[] {Long.MIN_VALUE}, 1)
                .longs("mirror.step", new long[] {-1}, 1)
                .longs("mirror.width", new long[] {3}, 1)
                .node("Slice", List.of(INPUT, "mirror.start", "mirror.end", "mirror.width", "mirror.step"), "view.lr");
        List<String> parts = new java.util.ArrayList<>(List.of(INPUT, "view.lr"));
        if (views == 4) {
            g.longs("mirror.height", new long[] {2}, 1)
                    .node("Slice", List.of(INPUT, "mirror.start", "mirror.end", "mirror.height", "mirror.step"), "view.ud")
                    .node("Slice", List.of("view.lr", "mirror.start", "mirror.end", "mirror.height", "mirror.step"),
                            "view.both");
            parts.add("view.ud");
            parts.add("view.both");
        }
        g.node("Concat", parts, "views", integer("axis", 0));
        return "views";
    }

    /** Adds each map's global max, or its generalised mean {@code (mean max(x, floor)^p)^(1/p)}; returns its name. */
    private static String peak(OnnxGraph g, String x, double gemPower) {
        if (gemPower == 0) {
            g.node("GlobalMaxPool", List.of(x), "max");
            return "max";
        }
        g.initializer("gem.floor", new float[] {CnnBlock.GEM_FLOOR})
                .initializer("gem.power", new float[] {(float) gemPower})
                .initializer("gem.root", new float[] {1 / (float) gemPower})
                .node("Max", List.of(x, "gem.floor"), "gem.floored")
                .node("Pow", List.of("gem.floored", "gem.power"), "gem.raised")
                .node("GlobalAveragePool", List.of("gem.raised"), "gem.mean")
                .node("Pow", List.of("gem.mean", "gem.root"), "gem");
        return "gem";
    }

    /**
     * Adds what the first convolution reads: the input, or its 2×2 average with fine detail channels; then the
     * detail channels of that ({@code gain · (x − blur(x))}, the blur two grouped convolutions) and the fine
     * detail planes ({@link FineDetail}), concatenated along the channels.
     */
    private static String networkInput(OnnxGraph g, CnnWeights weights, String input) {
        if (weights.detailSigma() == 0 && weights.fineDetailSigma() == 0) {
            return input;
        }
        long c = weights.inputChannels();
        String image = input;
        if (weights.fineDetailSigma() > 0) {
            g.node("AveragePool", List.of(input), "half", ints("kernel_shape", 2, 2), ints("strides", 2, 2));
            image = "half";
        }
        List<String> parts = new java.util.ArrayList<>(List.of(image));
        if (weights.detailSigma() > 0) {
            parts.add(detail(g, "detail", image, c, weights.detailSigma()));
        }
        if (weights.fineDetailSigma() > 0) {
            String luma = input;
            if (c > 1) {
                g.initializer("fine.luma_weights", FineDetail.lumaWeights((int) c), 1, c, 1, 1)
                        .node("Conv", List.of(input, "fine.luma_weights"), "fine.luma", ints("kernel_shape", 1, 1));
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
