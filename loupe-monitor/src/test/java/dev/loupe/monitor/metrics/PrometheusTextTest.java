package dev.loupe.monitor.metrics;

import dev.loupe.core.monitoring.AlertState;
import dev.loupe.core.monitoring.Promtool;
import dev.loupe.monitor.estimate.PerformanceEstimate;
import dev.loupe.monitor.log.RecorderCounters;
import dev.loupe.monitor.watch.ModelMonitor;
import dev.loupe.monitor.watch.ModelMonitorTest;
import dev.loupe.monitor.watch.MonitorConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusTextTest {

    private static String sample() {
        ModelMonitor monitor = new ModelMonitor(ModelMonitorTest.stableReference(500), MonitorConfig.defaults());
        return new PrometheusText().monitor(monitor)
                .alerts("defect-cnn", "3", List.of(new AlertState("low \"recall\"", AlertState.Status.PENDING, Instant.EPOCH, 0.9, "x")))
                .recorder(new RecorderCounters(10, 1, 9, 0, 2, 0, 0))
                .estimate("defect-cnn", "3", new PerformanceEstimate(100, 0.9, Double.NaN, 0.97, 5))
                .render();
    }

    @Test
    void render_hasEachDetectorsStatisticAndThreshold() {
        String text = sample();
        assertThat(text).contains("# TYPE loupe_drift_statistic gauge\n")
                .contains("loupe_drift_statistic{model=\"defect-cnn\",version=\"3\",monitor=\"brightness\"} 0\n")
                .containsPattern("loupe_drift_threshold\\{model=\"defect-cnn\",version=\"3\",monitor=\"score\"} 1[0-9.]+\n")
                .contains("loupe_alert_state{model=\"defect-cnn\",version=\"3\",rule=\"low \\\"recall\\\"\",state=\"pending\"} 1\n")
                .contains("loupe_alert_state{model=\"defect-cnn\",version=\"3\",rule=\"low \\\"recall\\\"\",state=\"firing\"} 0\n")
                .contains("loupe_prediction_log_dropped_total 1\n")
                .contains("loupe_estimated_recall{model=\"defect-cnn\",version=\"3\"} NaN\n")
                .endsWith("\n");
    }

    @Test
    void render_passesPromtool() throws Exception {
        Promtool.check(sample());
    }
}
