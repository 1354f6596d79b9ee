package dev.loupe.monitor.watch;

import dev.loupe.core.image.ImageStats;
import dev.loupe.core.decision.Decision;
import dev.loupe.core.monitoring.DriftAlarm;
import dev.loupe.core.monitoring.Feedback;
import dev.loupe.core.monitoring.LabelledPrediction;
import dev.loupe.core.monitoring.LoggedPrediction;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ConceptMonitorTest {
    private static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");

    private static LabelledPrediction labelled(int i, String predicted, String truth, String station) {
        LoggedPrediction p = new LoggedPrediction(T0.plusSeconds(i), "m", "1", station, "r" + i,
                new ImageStats(0.5, 0.1, 0.01, 0.5, 0.5, 0.5, 0.1), predicted.equals("defect") ? 0.9 : 0.1, predicted,
                Decision.REVIEW, 1, Optional.empty());
        return new LabelledPrediction(p, new Feedback("r" + i, truth, "review", T0.plusSeconds(i + 60)));
    }

    @Test
    void errorRateDoubling_isDetectedAfterTheChange() {
        ConceptMonitor m = new ConceptMonitor("m", "1", "defect", 0.05, 1e5, 500);
        SplittableRandom rnd = new SplittableRandom(17);
        Optional<DriftAlarm> alarm = Optional.empty();
        int i = 0;
        for (; i < 6_000 && alarm.isEmpty(); i++) {
            boolean wrong = rnd.nextDouble() < (i < 3_000 ? 0.05 : 0.10);
            alarm = m.observe(labelled(i, "good", wrong ? "defect" : "good", "cam-1"));
        }
        assertThat(alarm).hasValueSatisfying(a -> {
            assertThat(a.monitor()).isEqualTo("error-rate");
            assertThat(a.alarmTime()).isAfter(T0.plusSeconds(3_060));
            assertThat(a.startTime()).isAfter(T0.plusSeconds(2_500));
            assertThat(a.effectSize()).isGreaterThan(0.07);
        });
        assertThat(i).isLessThan(3_000 + 1_500);
    }

    @Test
    void slices_havePrecisionAndRecallOverTheirLastLabels() {
        ConceptMonitor m = new ConceptMonitor("m", "1", "defect", 0.05, 1e5, 4);
        m.observe(labelled(0, "good", "defect", "cam-1"));   // falls out of cam-1's window of 4
        m.observe(labelled(1, "defect", "defect", "cam-1"));
        m.observe(labelled(2, "defect", "good", "cam-1"));
        m.observe(labelled(3, "good", "defect", "cam-1"));
        m.observe(labelled(4, "defect", "defect", "cam-1"));
        m.observe(labelled(5, "defect", "defect", "cam-2"));
        SliceMetrics cam1 = m.slices().stream().filter(s -> s.slice().equals("station=cam-1")).findFirst().orElseThrow();
        assertThat(cam1.labels()).isEqualTo(4);
        assertThat(cam1.precision()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(cam1.recall()).isCloseTo(2.0 / 3, within(1e-9));
        SliceMetrics cam2 = m.slices().stream().filter(s -> s.slice().equals("station=cam-2")).findFirst().orElseThrow();
        assertThat(cam2.recall()).isEqualTo(1.0);
        assertThat(m.slices()).extracting(SliceMetrics::slice).contains("all", "decision=REVIEW");
    }
}
