package dev.loupe.train.baseline;

import dev.loupe.core.dataset.Split;
import dev.loupe.core.model.ImageClassifier;
import dev.loupe.core.store.file.FileBlobStore;
import dev.loupe.train.LineDataset;
import dev.loupe.train.Progress;
import dev.loupe.train.TrainingData;
import dev.loupe.train.TrainingResult;
import dev.loupe.train.eval.Evaluation;
import dev.loupe.train.eval.Evaluator;
import dev.loupe.train.eval.ScoredSample;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The baseline on Loupe's own synthetic production line (500 frames at 128 px, the default project's
 * input): product outline, camera bump, lighting gradients, glare and dust must not drown the defects.
 */
class BaselineOnTheLineTest {

    @TempDir
    static Path dir;
    static FileBlobStore blobs;
    static TrainingData data;
    static Evaluation test;

    @BeforeAll
    static void trainAndEvaluate() throws Exception {
        blobs = new FileBlobStore(dir.resolve("blobs"));
        data = LineDataset.create(blobs, 500, 128, 7);
        Clock clock = Clock.fixed(Instant.parse("2025-05-01T00:00:00Z"), ZoneOffset.UTC);
        TrainingResult result = new BaselineTrainer(clock).train(data, Map.of("target_recall", "0.9"), 1, Progress.NONE);
        try (ImageClassifier c = ImageClassifier.load(result.model(), 1)) {
            test = new Evaluator(4).evaluate(c, data.dataset(), "test", data.split(Split.TEST), blobs, 0.9);
        }
        System.out.printf("baseline on the line: test AUROC %.3f, AP %.3f, recall %.3f, false-reject rate %.3f%n",
                test.overall().auroc(), test.overall().averagePrecision(), test.overall().recall(),
                test.overall().falseRejectRate());
        recallByType().forEach((type, recall) -> System.out.printf("  %-14s recall %.2f%n", type, recall));
    }

    @AfterAll
    static void close() {
        blobs.close();
    }

    @Test
    void train_onTheLine_heldOutAurocClearlyAboveChance() {
        assertThat(test.overall().auroc()).isGreaterThan(0.8);
    }

    @Test
    void train_onTheLine_rejectsFewerGoodPartsThanItPassesDefects() {
        assertThat(test.overall().falseRejectRate()).isLessThan(0.5);
        assertThat(test.overall().recall()).isGreaterThan(0.6);
    }

    @Test
    void train_onTheLine_findsSomeOfEveryDefectType() {
        assertThat(recallByType()).containsOnlyKeys("scratch", "dent", "pits", "discoloration")
                .allSatisfy((type, recall) -> assertThat(recall).as(type).isGreaterThan(0.3));
    }

    @Test
    void train_onTheLineAt64Pixels_sizesScaleWithTheInput() throws Exception {
        TrainingData small = LineDataset.create(blobs, 400, 64, 9);
        TrainingResult r = new BaselineTrainer(Clock.systemUTC()).train(small, Map.of(), 1, Progress.NONE);
        try (ImageClassifier c = ImageClassifier.load(r.model(), 1)) {
            Evaluation e = new Evaluator(4).evaluate(c, small.dataset(), "test", small.split(Split.TEST), blobs, 0.98);
            System.out.printf("baseline on the line at 64 px: test AUROC %.3f%n", e.overall().auroc());
            assertThat(e.overall().auroc()).isGreaterThan(0.75);
        }
        assertThat(r.model().descriptor().lineage().params()).containsEntry("kernel", "3").containsEntry("blob", "3");
    }

    /** Recall at the model's threshold on the test defects, by defect type. */
    static Map<String, Double> recallByType() {
        Map<String, int[]> counts = new TreeMap<>();
        double threshold = test.overall().threshold();
        for (ScoredSample s : test.scored()) {
            if (s.positive()) {
                int[] c = counts.computeIfAbsent(s.sample().metadata().get("defect_type"), t -> new int[2]);
                c[0] += s.score() >= threshold ? 1 : 0;
                c[1]++;
            }
        }
        Map<String, Double> out = new TreeMap<>();
        counts.forEach((type, c) -> out.put(type, (double) c[0] / c[1]));
        return out;
    }
}
