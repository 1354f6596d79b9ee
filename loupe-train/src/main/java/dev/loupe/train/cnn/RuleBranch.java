package dev.loupe.train.cnn;

import dev.loupe.core.inference.InferenceException;
import dev.loupe.core.inference.OnnxModel;
import dev.loupe.core.inference.Tensor;
import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.core.model.Preprocessor;
import dev.loupe.train.baseline.BaselineTrainer;
import dev.loupe.train.baseline.LogisticRegression;
import dev.loupe.train.onnx.OnnxGraph;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.loupe.train.onnx.OnnxGraph.integer;
import static dev.loupe.train.onnx.OnnxGraph.ints;

/**
 * The trained CNN and the fitted rule baseline as one ONNX graph, their logits combined by a logistic unit fitted
 * on the validation split (stacking). The CNN sees the whole image at its own small size, where a mark of a pixel
 * or two is averaged away; the rules look at the full-size image for exactly such marks (local contrast over the
 * frame's own noise floor): together they rank defects better than either alone (docs/benchmarks.md).
 *
 * <p>The graph's contract:
 * <ul>
 *   <li>input {@value OnnxExporter#INPUT}: FP32 {@code [N, 3, H, W]}, RGB in [0, 1] at the project's size (the
 *       rules' input; a grayscale image fills the three channels);</li>
 *   <li>the CNN branch: luma (for a grayscale CNN, BT.601 as the serving preprocessing does), the CNN's
 *       normalisation, a bilinear resize with half-pixel centres to the CNN's size (the serving preprocessing's
 *       resize), then the exported CNN unchanged;</li>
 *   <li>output {@value OnnxExporter#SCORE} {@code [N, 1]}: {@code sigmoid(a · cnn logit + b · rules logit + c)};</li>
 *   <li>output {@value OnnxExporter#EMBEDDING}: the CNN's embedding, for drift monitoring;</li>
 *   <li>output {@value #BRANCH_LOGITS} {@code [N, 2]}: the CNN's and the rules' logits, to see which one spoke;</li>
 *   <li>outputs {@value #CNN_SCORE} and {@value #RULES_SCORE} {@code [N, 1]}: each branch's own score (the CNN alone, the
 *       rule baseline alone), so either can be evaluated apart from the same package.</li>
 * </ul>
 * Stateless; the graphs come from {@link OnnxExporter} and the baseline trainer, both at {@link OnnxGraph#OPSET}.
 */
final class RuleBranch {

    static final String BRANCH_LOGITS = "branch_logits";
    static final String CNN_SCORE = "cnn_score";
    static final String RULES_SCORE = "rules_score";
    /** The combined logit, whose sigmoid is the score. */
    static final String LOGIT = "logit";
    /** Images per ONNX Runtime call when scoring a split. */
    private static final int CHUNK = 64;

    private RuleBranch() {
    }

    /**
     * @param cnn       the CNN's export ({@link OnnxExporter#export})
     * @param cnnInput  the CNN's input: size, colour and normalisation (scale 1/255)
     * @param embeddingSize the length of the CNN's embedding output
     * @param rules     the fitted rule baseline's graph, input {@code image} [N, 3, height, width] in [0, 1]
     * @param width     the combined model's input width (the rules' input)
     * @param height    its input height
     * @param head      the logistic unit: weight of the CNN's logit, weight of the rules' logit, bias
     */
    static byte[] build(byte[] cnn, ModelDescriptor.Input cnnInput, int embeddingSize, byte[] rules, int width,
                        int height, double[] head) {
        if (head.length != 3) {
            throw new IllegalArgumentException("the head has two weights and a bias, got " + head.length + " numbers");
        }
        int c = cnnInput.colour().channels;
        OnnxGraph g = new OnnxGraph("loupe_cnn_rules").input(OnnxExporter.INPUT, -1, 3, height, width);
        String x = OnnxExporter.INPUT;
        if (c == 1) {
            g.initializer("cnn_input.luma", FineDetail.lumaWeights(3), 1, 3, 1, 1)
                    .node("Conv", List.of(x, "cnn_input.luma"), "cnn_input.grey", ints("kernel_shape", 1, 1));
            x = "cnn_input.grey";
        }
        float[] scale = new float[c];
        float[] offset = new float[c];
        ModelDescriptor.Normalisation n = cnnInput.normalisation();
        for (int i = 0; i < c; i++) {
            // the package's input is v / 255; the CNN's is (v · scale − mean) / std
            scale[i] = (float) (255 * n.scale() / n.std().get(i));
            offset[i] = (float) (n.mean().get(i) / n.std().get(i));
        }
        g.initializer("cnn_input.scale", scale, 1, c, 1, 1)
                .initializer("cnn_input.offset", offset, 1, c, 1, 1)
                .node("Mul", List.of(x, "cnn_input.scale"), "cnn_input.scaled")
                .node("Sub", List.of("cnn_input.scaled", "cnn_input.offset"), "cnn_input.normalised");
        x = "cnn_input.normalised";
        if (cnnInput.width() != width || cnnInput.height() != height) {
            // sizes = [N, C] of the input, then the CNN's [h, w]
            g.longs("cnn_input.from", new long[] {0}, 1)
                    .longs("cnn_input.to", new long[] {2}, 1)
                    .longs("cnn_input.hw", new long[] {cnnInput.height(), cnnInput.width()}, 2)
                    .node("Shape", List.of(x), "cnn_input.shape")
                    .node("Slice", List.of("cnn_input.shape", "cnn_input.from", "cnn_input.to"), "cnn_input.nc")
                    .node("Concat", List.of("cnn_input.nc", "cnn_input.hw"), "cnn_input.sizes", integer("axis", 0))
                    .node("Resize", List.of(x, "", "", "cnn_input.sizes"), "cnn_input.resized",
                            OnnxGraph.text("mode", "linear"), OnnxGraph.text("coordinate_transformation_mode", "half_pixel"));
            x = "cnn_input.resized";
        }
        return g.include(cnn, "cnn/", Map.of(OnnxExporter.INPUT, x))
                .include(rules, "rules/", Map.of(OnnxExporter.INPUT, OnnxExporter.INPUT))
                .node("Concat", List.of("cnn/" + OnnxExporter.LOGIT, "rules/" + BaselineTrainer.LOGIT), BRANCH_LOGITS, integer("axis", 1))
                .initializer("head.weight", new float[] {(float) head[0], (float) head[1]}, 1, 2)
                .initializer("head.bias", new float[] {(float) head[2]}, 1)
                .node("Gemm", List.of(BRANCH_LOGITS, "head.weight", "head.bias"), LOGIT, integer("transB", 1))
                .node("Sigmoid", List.of(LOGIT), OnnxExporter.SCORE)
                .node("Identity", List.of("cnn/" + OnnxExporter.EMBEDDING), OnnxExporter.EMBEDDING)
                .node("Identity", List.of("cnn/" + OnnxExporter.SCORE), CNN_SCORE)
                .node("Identity", List.of("rules/" + OnnxExporter.SCORE), RULES_SCORE)
                .output(OnnxExporter.SCORE, -1, 1)
                .output(OnnxExporter.EMBEDDING, -1, embeddingSize)
                .output(BRANCH_LOGITS, -1, 2)
                .output(CNN_SCORE, -1, 1)
                .output(RULES_SCORE, -1, 1)
                .toBytes("loupe-train cnn+rules");
    }

    /** L2 penalty of the head's fit (on standardised logits): two weights from a few hundred images. */
    static final double HEAD_L2 = 0.01;

    /**
     * The combined model with its head fitted, the scores it gives the validation images, and how far its CNN
     * branch is from the CNN alone on them.
     *
     * @param head         weight of the CNN's logit, weight of the rules' logit, bias
     * @param cnnParity    largest |score of the CNN branch − the trained CNN's score| on the validation images
     * @param rulesScores  the rules' own scores on the validation images
     */
    record Fitted(byte[] onnx, float[] validationScores, double[] head, double cnnParity, float[] rulesScores) {
    }

    /**
     * Builds the combined model, fits its head on the validation images (a logistic regression on the two
     * logits) and scores them with the result (the head applied to the logits the model gave, as its graph does,
     * to float rounding).
     *
     * @param cnnScores the trained CNN's scores on the same validation images, for the parity check
     * @param tolerance the largest difference allowed between the CNN branch's scores and {@code cnnScores}
     * @throws ParityException when the CNN branch does not reproduce the CNN's scores or the model does not run
     */
    static Fitted fit(byte[] cnn, ModelDescriptor.Input cnnInput, int embeddingSize, float[] cnnScores, byte[] rules,
                      int width, int height, boolean[] truth, Images validation, double tolerance) throws IOException {
        int n = truth.length;
        Outputs probe = run(build(cnn, cnnInput, embeddingSize, rules, width, height, new double[] {1, 0, 0}),
                width, height, n, validation);
        double parity = 0;
        double[][] x = new double[n][];
        float[] rulesScores = new float[n];
        for (int i = 0; i < n; i++) {
            parity = Math.max(parity, Math.abs(sigmoid(probe.cnnLogit(i)) - cnnScores[i]));
            x[i] = new double[] {probe.cnnLogit(i), probe.rulesLogit(i)};
            rulesScores[i] = (float) sigmoid(probe.rulesLogit(i));
        }
        if (!(parity <= tolerance)) {
            throw new ParityException("the CNN branch of the CNN and rules model does not reproduce the CNN: score differs"
                    + " by up to " + parity + " (tolerance " + tolerance + ")");
        }
        LogisticRegression fit = LogisticRegression.fit(x, truth, HEAD_L2);
        double[] head = {fit.weights()[0], fit.weights()[1], fit.bias()};
        // the final graph's Gemm and Sigmoid on the logits already computed, in its float weights: no second pass
        float w0 = (float) head[0];
        float w1 = (float) head[1];
        float b = (float) head[2];
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) {
            scores[i] = (float) sigmoid(w0 * probe.cnnLogit(i) + w1 * probe.rulesLogit(i) + b);
        }
        return new Fitted(build(cnn, cnnInput, embeddingSize, rules, width, height, head), scores, head, parity, rulesScores);
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** The combined model's package input: RGB in [0, 1] at the given size. */
    static ModelDescriptor.Input input(int width, int height) {
        return new ModelDescriptor.Input(OnnxExporter.INPUT, width, height, ModelDescriptor.Colour.RGB,
                ModelDescriptor.Normalisation.unit(3));
    }

    /** The combined model's branch logits for some images ({@value #BRANCH_LOGITS}, image-major). */
    record Outputs(float[] branchLogits) {

        float cnnLogit(int i) {
            return branchLogits[2 * i];
        }

        float rulesLogit(int i) {
            return branchLogits[2 * i + 1];
        }
    }

    /** Function from an image index to the decoded image; may throw what decoding throws. */
    interface Images {
        BufferedImage get(int i) throws IOException;
    }

    /**
     * Runs the combined model on {@code count} images through the package's own preprocessing, in chunks, for its
     * branch logits.
     *
     * @throws ParityException when the model does not load or run
     */
    static Outputs run(byte[] onnx, int width, int height, int count, Images images) throws IOException {
        Preprocessor pre = new Preprocessor(input(width, height));
        float[] logits = new float[2 * count];
        try (OnnxModel model = OnnxModel.load(onnx, Math.max(1, Runtime.getRuntime().availableProcessors()))) {
            float[] chunk = new float[CHUNK * pre.size()];
            for (int from = 0; from < count; from += CHUNK) {
                int n = Math.min(CHUNK, count - from);
                for (int i = 0; i < n; i++) {
                    pre.apply(images.get(from + i), chunk, i * pre.size());
                }
                Map<String, Tensor> out = model.run(Map.of(OnnxExporter.INPUT, Tensor.ofFloats(
                        Arrays.copyOf(chunk, n * pre.size()), n, 3, height, width)), Set.of(BRANCH_LOGITS));
                System.arraycopy(OnnxParity.floats(out, BRANCH_LOGITS, n, 2), 0, logits, 2 * from, 2 * n);
            }
        } catch (InferenceException e) {
            throw new ParityException("the CNN and rules model does not run in ONNX Runtime: " + e.getMessage(), e);
        }
        return new Outputs(logits);
    }
}
