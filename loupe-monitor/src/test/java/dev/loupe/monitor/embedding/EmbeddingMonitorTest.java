package dev.loupe.monitor.embedding;

import dev.loupe.monitor.bench.EmbeddingLine;
import dev.loupe.monitor.drift.DriftVerdict;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddingMonitorTest {
    private static final int CHANGE = 2_000;

    private static EmbeddingReference reference(double rho) {
        return EmbeddingReference.of(new EmbeddingLine(rho, 1).take(2_000), EmbeddingReference.COMPONENTS);
    }

    private static int falseAlarms(EmbeddingMonitor m, double rho, int images) {
        EmbeddingLine stream = new EmbeddingLine(rho, 7);
        int alarms = 0;
        for (int i = 0; i < images; i++) {
            alarms += m.observe(stream.next(0), i) instanceof DriftVerdict.Drift ? 1 : 0;
        }
        return alarms;
    }

    /** The first alarm at or after the change, on a stream whose latent factor 0 moves by shift σ at CHANGE. */
    private static DriftVerdict.Drift firstAlarmAfterChange(EmbeddingMonitor m, double shift, long seed) {
        EmbeddingLine stream = new EmbeddingLine(0, seed);
        for (int i = 0; i < CHANGE + 20_000; i++) {
            if (m.observe(stream.next(i >= CHANGE ? shift : 0), i) instanceof DriftVerdict.Drift d && i >= CHANGE) {
                return d;
            }
        }
        throw new AssertionError("no alarm within 20,000 images of a " + shift + " sigma shift");
    }

    @Test
    void stationaryStream_budgetOf10kImages_falseAlarmsWithinBudget() {
        // 10^6 images at a budget of 10^4 allow 100 false alarms; the union bound over overlapping
        // windows and the conservative tail fit give fewer (about 50 measured)
        EmbeddingMonitor m = EmbeddingMonitor.calibrated(reference(0), 1e4);
        assertThat(falseAlarms(m, 0, 1_000_000)).isBetween(10, 100);
    }

    @Test
    void stationaryStream_defaultBudget_noFalseAlarmIn300kImages() {
        // a budget of 10^6 expects 0.3 false alarms in 300,000 images at most
        EmbeddingMonitor m = EmbeddingMonitor.calibrated(reference(0), 1e6);
        assertThat(falseAlarms(m, 0, 300_000)).isZero();
    }

    @Test
    void correlatedFrames_blockBootstrapCalibration_keepsTheBudget() {
        // AR(1) latent factors with rho 0.6: windows vary more than independence predicts; the threshold,
        // calibrated on bootstrap blocks of a correlated reference, still meets 10^4 images per false alarm
        EmbeddingMonitor m = EmbeddingMonitor.calibrated(reference(0.6), 1e4);
        assertThat(falseAlarms(m, 0.6, 1_000_000)).isLessThanOrEqualTo(100);
    }

    @Test
    void meanShiftOf1Sigma_detectedWithinTwoEvaluations() {
        EmbeddingReference ref = reference(0);
        List<Long> delays = new ArrayList<>();
        for (long seed = 100; seed < 120; seed++) {
            DriftVerdict.Drift d = firstAlarmAfterChange(EmbeddingMonitor.calibrated(ref, 1e6), 1.0, seed);
            delays.add(d.alarmAt() - CHANGE + 1);
        }
        delays.sort(null);
        assertThat(delays.get(delays.size() / 2)).as("median delay").isLessThanOrEqualTo(100);
        assertThat(delays.getLast()).as("worst delay").isLessThanOrEqualTo(250);
    }

    @Test
    void meanShiftOf2Sigma_alarmEstimatesStartAndSize() {
        DriftVerdict.Drift d = firstAlarmAfterChange(EmbeddingMonitor.calibrated(reference(0), 1e6), 2.0, 200);
        assertThat(d.monitor()).isEqualTo("embedding");
        assertThat(d.alarmAt() - CHANGE + 1).isLessThanOrEqualTo(100);
        assertThat(d.estimatedStart()).isBetween((long) CHANGE - 10, (long) CHANGE + 10);
        assertThat(d.effectSize()).as("mean shift in reference sigma").isBetween(1.5, 2.5);
        assertThat(d.statistic()).isGreaterThan(d.threshold());
    }

    @Test
    void sameSeed_sameThreshold() {
        EmbeddingReference ref = reference(0);
        assertThat(EmbeddingMonitor.calibrated(ref, 1e6).threshold())
                .isEqualTo(EmbeddingMonitor.calibrated(ref, 1e6).threshold())
                .isGreaterThan(EmbeddingMonitor.calibrated(ref, 1e4).threshold());
    }
}
