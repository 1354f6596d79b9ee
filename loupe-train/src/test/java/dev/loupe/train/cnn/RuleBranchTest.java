package dev.loupe.train.cnn;

import dev.loupe.core.inference.OnnxModel;
import dev.loupe.core.inference.Tensor;
import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.core.model.Preprocessor;
import dev.loupe.train.baseline.BaselineTrainer;
import dev.loupe.train.onnx.OnnxGraph;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static dev.loupe.train.onnx.OnnxGraph.integer;
import static dev.loupe.train.onnx.OnnxGraph.ints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RuleBranchTest {

    private static final int CNN_SIZE = 20;

    @Test
    void build_scoresTheHeadOfTheCnnOnTheResizedImageAndOfTheRulesOnTheFullImage() throws Exception {
        // 46 -> 20 is not a whole ratio: the branch's resize must sample where the serving preprocessing samples
        assertCombines(ModelDescriptor.Colour.RGB, 46, 46, new double[] {0.7, -1.3, 0.25});
    }

    @Test
    void build_grayscaleCnn_readsTheLumaOfTheRgbInput() throws Exception {
        assertCombines(ModelDescriptor.Colour.GRAYSCALE, 40, 40, new double[] {1.1, 0.4, -0.5});
    }

    @Test
    void build_cnnAtTheFullSize_isNotResized() throws Exception {
        assertCombines(ModelDescriptor.Colour.RGB, CNN_SIZE, CNN_SIZE, new double[] {1, 1, 0});
    }

    @Test
    void fit_weighsTheBranchThatSeparatesTheClassesAndScoresWithTheFittedHead() throws Exception {
        int n = 60;
        Random r = new Random(4);
        boolean[] truth = new boolean[n];
        BufferedImage[] images = new BufferedImage[n];
        for (int i = 0; i < n; i++) {
            truth[i] = i % 3 == 0;
            // defects are brighter on average, and the rules' logit is the brightness: it carries the signal
            images[i] = randomImage(r, 32, 32, truth[i] ? 0.25 : 0);
        }
        ModelDescriptor.Input cnnInput = cnnInput(ModelDescriptor.Colour.RGB);
        CnnWeights weights = weights(3, 2);
        byte[] cnn = OnnxExporter.export(weights);
        float[] cnnScores = new float[n];
        for (int i = 0; i < n; i++) {
            cnnScores[i] = run(cnn, new Preprocessor(cnnInput).apply(images[i]), 3, CNN_SIZE, CNN_SIZE, OnnxExporter.SCORE)[0];
        }

        RuleBranch.Fitted fitted = RuleBranch.fit(cnn, cnnInput, weights.embeddingSize(), cnnScores, brightnessRules(32, 32),
                32, 32, truth, i -> images[i], 1e-4);

        assertThat(fitted.head()[1]).as("rules weight").isGreaterThan(Math.abs(fitted.head()[0]));
        assertThat(fitted.cnnParity()).isLessThan(1e-5);
        Preprocessor full = new Preprocessor(RuleBranch.input(32, 32));
        for (int i = 0; i < n; i += 7) {
            float[] x = full.apply(images[i]);
            float[] logits = run(fitted.onnx(), x, 3, 32, 32, RuleBranch.BRANCH_LOGITS);
            double z = fitted.head()[0] * logits[0] + fitted.head()[1] * logits[1] + fitted.head()[2];
            assertThat((double) fitted.validationScores()[i]).isCloseTo(1 / (1 + Math.exp(-z)), within(1e-5));
            assertThat((double) fitted.rulesScores()[i]).isCloseTo(1 / (1 + Math.exp(-logits[1])), within(1e-5));
        }
    }

    @Test
    void fit_cnnBranchThatDoesNotReproduceTheCnn_isAParityError() {
        ModelDescriptor.Input cnnInput = cnnInput(ModelDescriptor.Colour.RGB);
        CnnWeights weights = weights(3, 2);
        BufferedImage image = randomImage(new Random(1), 32, 32, 0);
        assertThatThrownBy(() -> RuleBranch.fit(OnnxExporter.export(weights), cnnInput, weights.embeddingSize(),
                new float[] {2f, 2f}, brightnessRules(32, 32), 32, 32, new boolean[] {true, false}, i -> image, 1e-4))
                .isInstanceOf(ParityException.class)
                .hasMessageContaining("does not reproduce the CNN");
    }

    private static void assertCombines(ModelDescriptor.Colour colour, int width, int height, double[] head) throws Exception {
        int c = colour.channels;
        ModelDescriptor.Input cnnInput = cnnInput(colour);
        CnnWeights weights = weights(c, 5);
        byte[] cnn = OnnxExporter.export(weights, 4);
        byte[] rules = brightnessRules(width, height);
        byte[] combined = RuleBranch.build(cnn, cnnInput, weights.embeddingSize(), rules, width, height, head);
        Random r = new Random(2);
        for (int k = 0; k < 3; k++) {
            BufferedImage image = randomImage(r, width, height, 0);
            float[] small = new Preprocessor(cnnInput).apply(image);
            float[] full = new Preprocessor(RuleBranch.input(width, height)).apply(image);
            double cnnScore = run(cnn, small, c, CNN_SIZE, CNN_SIZE, OnnxExporter.SCORE)[0];
            float[] cnnEmbedding = run(cnn, small, c, CNN_SIZE, CNN_SIZE, OnnxExporter.EMBEDDING);
            double rulesScore = run(rules, full, 3, height, width, "score")[0];

            float[] logits = run(combined, full, 3, height, width, RuleBranch.BRANCH_LOGITS);
            assertThat(1 / (1 + Math.exp(-logits[0]))).as("cnn branch").isCloseTo(cnnScore, within(1e-5));
            assertThat(1 / (1 + Math.exp(-logits[1]))).as("rules branch").isCloseTo(rulesScore, within(1e-6));
            assertThat((double) run(combined, full, 3, height, width, RuleBranch.CNN_SCORE)[0]).isCloseTo(cnnScore, within(1e-5));
            assertThat((double) run(combined, full, 3, height, width, RuleBranch.RULES_SCORE)[0]).isCloseTo(rulesScore, within(1e-6));
            double z = head[0] * logits[0] + head[1] * logits[1] + head[2];
            assertThat((double) run(combined, full, 3, height, width, OnnxExporter.SCORE)[0])
                    .isCloseTo(1 / (1 + Math.exp(-z)), within(1e-6));
            float[] embedding = run(combined, full, 3, height, width, OnnxExporter.EMBEDDING);
            for (int i = 0; i < embedding.length; i++) {
                assertThat(embedding[i]).isCloseTo(cnnEmbedding[i], within(1e-4f));
            }
        }
    }

    private static ModelDescriptor.Input cnnInput(ModelDescriptor.Colour colour) {
        int c = colour.channels;
        return new ModelDescriptor.Input("image", CNN_SIZE, CNN_SIZE, colour,
                new ModelDescriptor.Normalisation(1 / 255.0, Collections.nCopies(c, 0.5), Collections.nCopies(c, 0.25)));
    }

    /** Random weights for a {@code c}-channel input: c -> 4 -> 6 channels, embedding 12. */
    private static CnnWeights weights(int c, long seed) {
        Random r = new Random(seed);
        CnnWeights.Convolution a = new CnnWeights.Convolution(c, 4, 3, 2, gaussian(r, 4 * c * 9), gaussian(r, 4));
        CnnWeights.Convolution b = new CnnWeights.Convolution(4, 6, 3, 1, gaussian(r, 6 * 4 * 9), gaussian(r, 6));
        return new CnnWeights(c, CNN_SIZE, List.of(a, b), gaussian(r, 12), 0.3f);
    }

    /** A stand-in for the rule baseline: logit = 8 · (mean of the image − 0.5), score its sigmoid. */
    private static byte[] brightnessRules(int width, int height) {
        return new OnnxGraph("brightness").input("image", -1, 3, height, width)
                .initializer("w", new float[] {8 / 3f, 8 / 3f, 8 / 3f}, 1, 3)
                .initializer("b", new float[] {-4}, 1)
                .node("ReduceMean", List.of("image"), "channel_means", ints("axes", 2, 3), integer("keepdims", 0))
                .node("Gemm", List.of("channel_means", "w", "b"), BaselineTrainer.LOGIT, integer("transB", 1))
                .node("Sigmoid", List.of(BaselineTrainer.LOGIT), "score")
                .output("score", -1, 1)
                .toBytes("test");
    }

    private static float[] run(byte[] onnx, float[] x, int c, int h, int w, String output) throws Exception {
        try (OnnxModel m = OnnxModel.load(onnx, 1)) {
            Map<String, Tensor> out = m.run(Map.of("image", Tensor.ofFloats(x, 1, c, h, w)), Set.of(output));
            return ((Tensor.Numeric) out.get(output)).floats();
        }
    }

    private static BufferedImage randomImage(Random r, int w, int h, double lift) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int red = (int) Math.min(255, 255 * (r.nextDouble() * 0.7 + lift));
                int green = (int) Math.min(255, 255 * (r.nextDouble() * 0.7 + lift));
                int blue = (int) Math.min(255, 255 * (r.nextDouble() * 0.7 + lift));
                image.setRGB(x, y, red << 16 | green << 8 | blue);
            }
        }
        return image;
    }

    private static float[] gaussian(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * 0.5);
        }
        return v;
    }
}
