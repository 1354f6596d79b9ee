package dev.loupe.core.model;

import dev.loupe.core.inference.InferenceException;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ImageClassifierTest {

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static ImageClassifier load(double threshold) throws InferenceException {
        return ImageClassifier.load(ModelPackage.of(TestDescriptors.grayscale(2, 2, threshold), TestGraphs.meanSigmoid(1)), 1);
    }

    @Test
    void classify_givesScoreLabelAndEmbedding() throws InferenceException {
        try (ImageClassifier c = load(0.6)) {
            Prediction p = c.classify(PreprocessorTest.gray(2, 2, 0, 255, 255, 255)); // mean 0.75, max 1
            assertThat(p.score()).isCloseTo(sigmoid(0.75), within(1e-6));
            assertThat(p.label()).isEqualTo("defect");
            assertThat(p.embedding()).hasValueSatisfying(e -> assertThat(e).containsExactly(1f));
        }
    }

    @Test
    void classify_belowThreshold_isTheNegativeLabel() throws InferenceException {
        try (ImageClassifier c = load(0.6)) {
            assertThat(c.classify(PreprocessorTest.gray(2, 2, 0, 0, 0, 0)).label()).isEqualTo("ok"); // score 0.5
        }
    }

    @Test
    void classifyBatch_matchesOneByOne() throws InferenceException {
        List<BufferedImage> images = List.of(PreprocessorTest.gray(2, 2, 0, 0, 0, 255),
                PreprocessorTest.gray(4, 4, new int[16]), PreprocessorTest.gray(2, 2, 255, 255, 255, 255));
        try (ImageClassifier c = load(0.5)) {
            List<Prediction> batch = c.classifyBatch(images);
            assertThat(batch).hasSize(3);
            for (int i = 0; i < images.size(); i++) {
                assertThat(batch.get(i).score()).isCloseTo(c.classify(images.get(i)).score(), within(1e-7));
            }
            assertThat(batch.get(2).score()).isCloseTo(sigmoid(1), within(1e-6));
        }
    }

    @Test
    void classify_encodedPng_decodesFirst() throws Exception {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(PreprocessorTest.gray(2, 2, 255, 255, 255, 255), "png", png);
        try (ImageClassifier c = load(0.5)) {
            assertThat(c.classify(png.toByteArray()).score()).isCloseTo(sigmoid(1), within(1e-6));
        }
    }

    @Test
    void classify_twoColumnOutput_readsThePositiveLabelsColumn() throws InferenceException {
        ModelDescriptor g = TestDescriptors.grayscale(2, 2, 0.5);
        ModelDescriptor d = new ModelDescriptor("two", List.of("ok", "defect"), "defect", g.input(), "probs",
                Optional.empty(), 0.5, Optional.empty(), g.lineage(), g.metrics(), g.createdAt());
        try (ImageClassifier c = ImageClassifier.load(ModelPackage.of(d, TestGraphs.twoColumnSoftmax(1)), 1)) {
            Prediction p = c.classify(PreprocessorTest.gray(2, 2, 255, 255, 255, 255));
            assertThat(p.score()).isCloseTo(sigmoid(2), within(1e-6));
            assertThat(p.embedding()).isEmpty();
        }
    }

    @Test
    void load_descriptorNamesMissingOutput_isRefused() {
        ModelDescriptor g = TestDescriptors.grayscale(2, 2, 0.5);
        ModelDescriptor d = new ModelDescriptor("bad", g.labels(), g.positive(), g.input(), "nope", Optional.empty(),
                0.5, Optional.empty(), g.lineage(), g.metrics(), g.createdAt());
        assertThatThrownBy(() -> ImageClassifier.load(ModelPackage.of(d, TestGraphs.meanSigmoid(1)), 1))
                .isInstanceOf(InferenceException.class).hasMessageContaining("no output 'nope'");
    }

    @Test
    void load_channelMismatch_isRefused() {
        // an RGB model described as grayscale
        assertThatThrownBy(() -> ImageClassifier.load(ModelPackage.of(TestDescriptors.grayscale(2, 2, 0.5),
                TestGraphs.meanSigmoid(3)), 1)).isInstanceOf(InferenceException.class).hasMessageContaining("do not take");
    }

    @Test
    void bareOnnx_wrap_defaultsToOnlyInputAndFirstOutput() throws Exception {
        ModelPackage pkg = BareOnnx.wrap("byom", TestGraphs.twoColumnSoftmax(3), new BareOnnx.Options(4, 4,
                ModelDescriptor.Colour.RGB, ModelDescriptor.Normalisation.unit(3), Optional.empty(), Optional.empty(),
                List.of("ok", "defect"), "defect", 0.5), java.time.Instant.EPOCH);
        assertThat(pkg.descriptor().input().name()).isEqualTo("image");
        assertThat(pkg.descriptor().scoreOutput()).isEqualTo("probs");
        assertThat(pkg.descriptor().lineage().trainer()).isEqualTo("imported");
    }

}
