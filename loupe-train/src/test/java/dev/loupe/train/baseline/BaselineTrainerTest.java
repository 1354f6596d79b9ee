package dev.loupe.train.baseline;

import dev.loupe.core.dataset.Split;
import dev.loupe.core.model.ImageClassifier;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.store.file.FileBlobStore;
import dev.loupe.train.PlantedDataset;
import dev.loupe.train.Progress;
import dev.loupe.train.TrainingData;
import dev.loupe.train.TrainingException;
import dev.loupe.train.TrainingResult;
import dev.loupe.train.eval.Evaluation;
import dev.loupe.train.eval.Evaluator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BaselineTrainerTest {

    @TempDir
    static Path dir;
    static FileBlobStore blobs;
    static TrainingData data;
    static TrainingResult result;
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-05-01T00:00:00Z"), ZoneOffset.UTC);

    @BeforeAll
    static void train() throws Exception {
        blobs = new FileBlobStore(dir.resolve("blobs"));
        data = PlantedDataset.create(blobs, 250, 48, 7);
        result = new BaselineTrainer(CLOCK).train(data, Map.of("target_recall", "0.9"), 11, Progress.NONE);
    }

    @AfterAll
    static void close() {
        blobs.close();
    }

    @Test
    void train_plantedDefects_testAurocFarAboveChance() throws Exception {
        try (ImageClassifier c = ImageClassifier.load(result.model(), 1)) {
            Evaluation e = new Evaluator(4).evaluate(c, data.dataset(), "test", data.split(Split.TEST), blobs, 0.9);
            System.out.printf("baseline on planted defects: test AUROC %.3f, AP %.3f, recall %.3f at threshold %.3f%n",
                    e.overall().auroc(), e.overall().averagePrecision(), e.overall().recall(), e.overall().threshold());
            assertThat(e.overall().auroc()).isGreaterThan(0.85);
            assertThat(e.scored()).allSatisfy(s -> assertThat(s.score()).isBetween(0.0, 1.0));
        }
    }

    @Test
    void train_thresholdMeetsTargetRecallOnTrain() {
        assertThat(result.metrics().get("train.recall")).isGreaterThanOrEqualTo(0.9);
        assertThat(result.model().descriptor().threshold()).isBetween(0.0, 1.0);
        assertThat(result.metrics()).containsKeys("train.auroc", "validation.auroc", "validation.false_reject_rate");
    }

    @Test
    void train_recordsLineage() {
        var l = result.model().descriptor().lineage();
        assertThat(l.dataset()).isEqualTo("planted@0123abcd");
        assertThat(l.trainer()).isEqualTo("baseline");
        assertThat(l.seed()).isEqualTo(11);
        assertThat(l.params()).containsEntry("target_recall", "0.9").containsEntry("kernel", "3")
                .containsEntry("broad_kernel", "5").containsEntry("tile", "1").containsEntry("blob", "3");
        assertThat(l.libraries()).containsKeys("java", "onnxruntime");
        assertThat(result.model().descriptor().createdAt()).isEqualTo(CLOCK.instant());
    }

    @Test
    void train_sameDataTwice_givesTheSamePackage() throws Exception {
        TrainingResult again = new BaselineTrainer(CLOCK).train(data, Map.of("target_recall", "0.9"), 11, Progress.NONE);
        assertThat(again.model().sha256()).isEqualTo(result.model().sha256());
    }

    @Test
    void train_unknownParameter_isRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> new BaselineTrainer(CLOCK).train(data, Map.of("epochs", "3"), 1, Progress.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epochs").hasMessageContaining("kernel");
    }

    @Test
    void train_evenKernel_isRefusedNamingTheSizes() {
        assertThatThrownBy(() -> new BaselineTrainer(CLOCK).train(data, Map.of("kernel", "4"), 1, Progress.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("odd").hasMessageContaining("4");
    }

    @Test
    void train_onlyOneClass_explainsWhy() {
        TrainingData okOnly = new TrainingData(data.dataset(),
                data.samples().stream().filter(s -> !data.isPositive(s)).toList(), blobs, data.labels(), "defect", 48, 48,
                data.colour());
        assertThatThrownBy(() -> new BaselineTrainer(CLOCK).train(okOnly, Map.of(), 1, Progress.NONE))
                .isInstanceOf(TrainingException.class).hasMessageContaining("needs both");
    }

    @Test
    void package_roundTripsThroughZip() {
        ModelPackage back = ModelPackage.fromZip(result.model().toZip());
        assertThat(back.sha256()).isEqualTo(result.model().sha256());
        assertThat(List.of(back.descriptor().embeddingOutput().orElseThrow())).containsExactly("embedding");
    }
}
