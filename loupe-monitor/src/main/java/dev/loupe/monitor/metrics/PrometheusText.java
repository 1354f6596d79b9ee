package dev.loupe.monitor.metrics;

import dev.loupe.core.monitoring.AlertState;
import dev.loupe.core.monitoring.PrometheusFormat;
import dev.loupe.monitor.estimate.PerformanceEstimate;
import dev.loupe.monitor.log.RecorderCounters;
import dev.loupe.monitor.watch.DetectorState;
import dev.loupe.monitor.watch.ModelMonitor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.loupe.core.monitoring.PrometheusFormat.family;
import static dev.loupe.core.monitoring.PrometheusFormat.labels;
import static dev.loupe.core.monitoring.PrometheusFormat.number;

/**
 * Monitoring metrics in the Prometheus text exposition format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/): each detector's statistic and
 * threshold, alarms, alert states, the prediction recorder's counters, estimated performance. Written
 * by hand (a few gauges need no registry); {@code promtool check metrics} validates it in the tests
 * when installed. Serve it with content type {@link #CONTENT_TYPE}. Build one per scrape; not thread-safe.
 */
public final class PrometheusText {
    public static final String CONTENT_TYPE = PrometheusFormat.CONTENT_TYPE;

    private record Sample(String labels, double value) {
    }

    private record Family(String help, String type, List<Sample> samples) {
    }

    private final Map<String, Family> families = new LinkedHashMap<>();

    /** Every detector of a model monitor. */
    public PrometheusText monitor(ModelMonitor monitor) {
        String model = monitor.reference().model(), version = monitor.reference().version();
        for (DetectorState d : monitor.detectors()) {
            String l = labels("model", model, "version", version, "monitor", d.monitor());
            add("loupe_drift_statistic", "Statistic of a drift detector (CUSUM; windowed MMD^2 for the embedding); it alarms above loupe_drift_threshold", "gauge", l, d.statistic());
            add("loupe_drift_threshold", "Alarm threshold of a drift detector, calibrated to its false-alarm budget", "gauge", l, d.threshold());
            add("loupe_drift_alarms_total", "Alarms a drift detector raised since the monitor started", "counter", l, d.alarms());
            add("loupe_drift_missing_total", "NaN values a drift detector left out (a NaN has no rank); for monitor=\"missing\": predictions with a NaN value",
                    "counter", l, d.missing());
        }
        add("loupe_monitored_predictions_total", "Predictions the model monitor has seen", "counter",
                labels("model", model, "version", version), monitor.observed());
        return this;
    }

    /**
     * One series per rule of a model version and state, 1 for the rule's current state and 0 for the others,
     * labelled with the model and version as the detectors' series are (so {@code loupe_alert_state{model="m",
     * version="3",state="firing"} == 1} selects one version's firing rules) and the rule's name.
     */
    public PrometheusText alerts(String model, String version, List<AlertState> states) {
        for (AlertState s : states) {
            for (AlertState.Status st : AlertState.Status.values()) {
                add("loupe_alert_state", "Alert rule state: 1 for the current one", "gauge",
                        labels("model", model, "version", version, "rule", s.rule(), "state", st.name().toLowerCase(Locale.ROOT)),
                        s.status() == st ? 1 : 0);
            }
        }
        return this;
    }

    public PrometheusText recorder(RecorderCounters c) {
        add("loupe_prediction_log_offered_total", "Predictions offered to the prediction recorder", "counter", "", c.offered());
        add("loupe_prediction_log_written_total", "Predictions written to the prediction log", "counter", "", c.written());
        add("loupe_prediction_log_dropped_total", "Predictions dropped because the recorder's buffer was full", "counter", "", c.dropped());
        add("loupe_prediction_log_failed_total", "Predictions lost because the prediction log refused them", "counter", "", c.failed());
        add("loupe_prediction_log_buffered", "Predictions waiting in the recorder's buffer", "gauge", "", c.buffered());
        add("loupe_prediction_log_images_kept_total", "Images kept with their predictions", "counter", "", c.imagesKept());
        add("loupe_prediction_log_images_skipped_total", "Images chosen to keep but not kept: the recorder's image bytes were at their bound",
                "counter", "", c.imagesSkipped());
        return this;
    }

    /** Estimated precision, recall, accuracy (CBPE; blind to concept drift). */
    public PrometheusText estimate(String model, String version, PerformanceEstimate e) {
        String l = labels("model", model, "version", version);
        add("loupe_estimated_precision", "Precision estimated from calibrated scores; assumes P(label|image) unchanged", "gauge", l, e.precision());
        add("loupe_estimated_recall", "Recall estimated from calibrated scores; assumes P(label|image) unchanged", "gauge", l, e.recall());
        add("loupe_estimated_accuracy", "Accuracy estimated from calibrated scores; assumes P(label|image) unchanged", "gauge", l, e.accuracy());
        return this;
    }

    private void add(String name, String help, String type, String labels, double value) {
        families.computeIfAbsent(name, n -> new Family(help, type, new ArrayList<>())).samples().add(new Sample(labels, value));
    }

    /** The exposition text, one family after another, ending with a newline. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Family> e : families.entrySet()) {
            Family f = e.getValue();
            family(sb, e.getKey(), f.help(), f.type());
            for (Sample s : f.samples()) {
                sb.append(e.getKey()).append(s.labels()).append(' ').append(number(s.value())).append('\n');
            }
        }
        return sb.toString();
    }
}
