package dev.loupe.monitor.watch;

import dev.loupe.core.decision.Decision;
import dev.loupe.core.monitoring.DriftAlarm;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.monitor.embedding.EmbeddingReference;
import dev.loupe.monitor.bench.EmbeddingLine;
import dev.loupe.monitor.reference.Reference;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedding detector inside a {@link ModelMonitor}: present only with reference embeddings, fed by predictions. */
class EmbeddingWatchTest {

    private static Reference withEmbeddings() {
        return ModelMonitorTest.stableReference(2_000).withEmbedding(
                EmbeddingReference.of(new EmbeddingLine(0, 1).take(2_000), EmbeddingReference.COMPONENTS));
    }

    /** A stable line whose embeddings move by {@code shift} σ from frame {@code change} on; statistics stay put. */
    private static List<LoggedPrediction> stream(int n, int change, double shift) {
        SplittableRandom rnd = new SplittableRandom(5);
        EmbeddingLine embeddings = new EmbeddingLine(0, 6);
        List<LoggedPrediction> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double score = LineStreams.score(rnd);
            out.add(new LoggedPrediction(LineStreams.T0.plusSeconds(i), "defect-cnn", "3", "cam-1", "req-" + i,
                    LineStreams.frame(rnd, 1.0), score, score >= 0.5 ? "defect" : "good",
                    score >= 0.5 ? Decision.REJECT : Decision.PASS, 2_000_000, Optional.empty(),
                    Optional.of(embeddings.next(i >= change ? shift : 0))));
        }
        return out;
    }

    @Test
    void referenceWithoutEmbeddings_hasNoEmbeddingDetector() {
        assertThat(new ModelMonitor(ModelMonitorTest.stableReference(2_000), MonitorConfig.defaults()).monitors())
                .doesNotContain("embedding");
    }

    @Test
    void referenceOfTheFewestEmbeddings_hasAnEmbeddingDetector() {
        Reference reference = ModelMonitorTest.stableReference(2_000).withEmbedding(EmbeddingReference.of(
                new EmbeddingLine(0, 1).take(EmbeddingReference.MIN_SIZE), EmbeddingReference.COMPONENTS));
        assertThat(new ModelMonitor(reference, MonitorConfig.defaults()).monitors()).contains("embedding");
    }

    @Test
    void embeddingShift_raisesOneEmbeddingAlarm_namingStartAndSize() {
        ModelMonitor monitor = new ModelMonitor(withEmbeddings(), MonitorConfig.defaults());
        assertThat(monitor.monitors()).contains("embedding");
        List<DriftAlarm> alarms = new ArrayList<>();
        for (LoggedPrediction p : stream(4_000, 1_500, 2.0)) {
            alarms.addAll(monitor.observe(p));
        }
        assertThat(alarms).extracting(DriftAlarm::monitor).containsExactly("embedding");
        DriftAlarm a = alarms.getFirst();
        assertThat(a.startRequestId()).isIn("req-1495", "req-1496", "req-1497", "req-1498", "req-1499", "req-1500",
                "req-1501", "req-1502", "req-1503", "req-1504", "req-1505");
        assertThat(a.observations()).isLessThanOrEqualTo(100);
        assertThat(a.effectSize()).isBetween(1.5, 2.5);
        DetectorState state = monitor.detectors().stream().filter(d -> d.monitor().equals("embedding")).findFirst()
                .orElseThrow();
        assertThat(state.threshold()).isPositive();
        assertThat(state.alarms()).isGreaterThan(1); // the shift lasts: repeated alarms, one episode
    }

    @Test
    void predictionsWithoutEmbeddings_leaveTheEmbeddingDetectorUntouched() {
        ModelMonitor monitor = new ModelMonitor(withEmbeddings(), MonitorConfig.defaults());
        for (LoggedPrediction p : LineStreams.dimmingPredictions("defect-cnn", "3", 500, 3)) {
            monitor.observe(p);
        }
        assertThat(monitor.detectors().getLast().statistic()).isZero();
    }
}
