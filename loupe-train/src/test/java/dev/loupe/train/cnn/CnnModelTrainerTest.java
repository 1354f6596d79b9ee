package dev.loupe.train.cnn;

import dev.loupe.core.dataset.Sample;
import dev.loupe.core.dataset.Split;
import dev.loupe.core.inference.OnnxModel;
import dev.loupe.core.inference.Tensor;
import dev.loupe.core.model.ImageClassifier;
import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.core.model.Preprocessor;
import dev.loupe.core.store.file.FileBlobStore;
import dev.loupe.train.PlantedDataset;
import dev.loupe.train.Progress;
import dev.loupe.train.TrainingData;
import dev.loupe.train.TrainingResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The {@code cnn} trainer end to end on a small planted (grayscale, 48 px) set: what its packages hold. */
class CnnModelTrainerTest {

    @TempDir
    static Path dir;
    static FileBlobStore blobs;
    static TrainingData data;
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-05-01T00:00:00Z"), ZoneOffset.UTC);
    /** Two epochs at 24 px: quick, and the CNN branch must resize the 48 px image. */
    static final Map<String, String> SMALL = Map.of("epochs", "2", "input_size", "24", "target_recall", "0.9");

    @BeforeAll
    static void data() throws Exception {
        blobs = new FileBlobStore(dir.resolve("blobs"));
        data = PlantedDataset.create(blobs, 160, 48, 3);
    }

    @AfterAll
    static void close() {
        blobs.close();
    }

    @Test
    void train_byDefault_packagesOneGraphOverTheFullSizeImageScoredByItsHead() throws Exception {
        TrainingResult r = new CnnModelTrainer(CLOCK).train(data, SMALL, 5, Progress.NONE);

        ModelDescriptor d = r.model().descriptor();
        assertThat(d.input().width()).isEqualTo(48);
        assertThat(d.input().height()).isEqualTo(48);
        assertThat(d.input().colour()).isEqualTo(ModelDescriptor.Colour.RGB);
        assertThat(d.lineage().params()).containsEntry("rule_branch", "true");
        Map<String, Double> m = r.metrics();
        assertThat(m).containsKeys("validation.cnn_auroc", "validation.rules_auroc", "rule_branch.cnn_weight",
                "rule_branch.rules_weight", "rule_branch.bias", CnnModelTrainer.CNN_BRANCH_THRESHOLD);
        assertThat(m.get("rule_branch_parity_max_abs_diff")).isLessThan(CnnTrainer.PARITY_TOLERANCE);

        // the serving path's score is the head over the two branches' logits
        Preprocessor pre = new Preprocessor(d.input());
        try (ImageClassifier classifier = ImageClassifier.load(r.model(), 1);
             OnnxModel raw = OnnxModel.load(r.model().onnx(), 1)) {
            for (Sample s : data.split(Split.TEST).subList(0, 5)) {
                BufferedImage image = data.image(s);
                Map<String, Tensor> out = raw.run(Map.of("image", Tensor.ofFloats(pre.apply(image), 1, 3, 48, 48)),
                        Set.of(RuleBranch.BRANCH_LOGITS, CnnModelTrainer.CNN_BRANCH_SCORE));
                float[] logits = ((Tensor.Numeric) out.get(RuleBranch.BRANCH_LOGITS)).floats();
                double z = m.get("rule_branch.cnn_weight") * logits[0] + m.get("rule_branch.rules_weight") * logits[1]
                        + m.get("rule_branch.bias");
                assertThat(classifier.classify(image).score()).isCloseTo(1 / (1 + Math.exp(-z)), within(1e-5));
                float cnnScore = ((Tensor.Numeric) out.get(CnnModelTrainer.CNN_BRANCH_SCORE)).floats()[0];
                assertThat((double) cnnScore).isCloseTo(1 / (1 + Math.exp(-logits[0])), within(1e-6));
            }
        }
    }

    @Test
    void train_imagesSmallerThanTheProjectInput_trainOnWhatThePackageSeesAndPassTheParityCheck() throws Exception {
        // the package takes 64 px (the project's size), the 48 px images are brought up to it, and its graph resizes
        // to the CNN's 24 px: trained on a direct 48 -> 24 resize, the CNN branch differed by ~0.09 and training failed
        TrainingData at64 = new TrainingData(data.dataset(), data.samples(), data.blobs(), data.labels(), data.positive(),
                64, 64, data.colour());

        TrainingResult r = new CnnModelTrainer(CLOCK).train(at64, SMALL, 5, Progress.NONE);

        assertThat(r.model().descriptor().input().width()).isEqualTo(64);
        assertThat(r.metrics().get("rule_branch_parity_max_abs_diff")).isLessThan(CnnTrainer.PARITY_TOLERANCE);
        try (ImageClassifier classifier = ImageClassifier.load(r.model(), 1)) {
            BufferedImage image = data.image(data.split(Split.TEST).getFirst());
            assertThat(image.getWidth()).isEqualTo(48);
            assertThat(classifier.classify(image).score()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void train_withoutTheRuleBranch_packagesTheCnnAloneAtItsOwnInput() throws Exception {
        Map<String, String> params = new HashMap<>(SMALL);
        params.put("rule_branch", "false");
        TrainingResult r = new CnnModelTrainer(CLOCK).train(data, params, 5, Progress.NONE);

        ModelDescriptor d = r.model().descriptor();
        assertThat(d.input().width()).isEqualTo(24);
        assertThat(d.input().colour()).isEqualTo(ModelDescriptor.Colour.GRAYSCALE);
        assertThat(d.lineage().params()).containsEntry("rule_branch", "false");
        assertThat(r.metrics()).doesNotContainKeys("rule_branch.cnn_weight", CnnModelTrainer.CNN_BRANCH_THRESHOLD);
        try (OnnxModel raw = OnnxModel.load(r.model().onnx(), 1)) {
            assertThat(raw.outputs()).extracting(o -> o.name()).containsExactlyInAnyOrder("score", "embedding");
        }
    }

    @Test
    void train_ruleBranchNotABoolean_isRejectedBeforeTraining() {
        Map<String, String> params = new HashMap<>(SMALL);
        params.put("rule_branch", "maybe");
        assertThatThrownBy(() -> new CnnModelTrainer(CLOCK).train(data, params, 5, Progress.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rule_branch must be true or false");
        Map<String, String> augment = new HashMap<>(SMALL);
        augment.put("augment", "yes");
        assertThatThrownBy(() -> new CnnModelTrainer(CLOCK).train(data, augment, 5, Progress.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("augment must be true or false, got 'yes'");
    }
}
