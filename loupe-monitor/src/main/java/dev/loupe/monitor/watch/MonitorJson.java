package dev.loupe.monitor.watch;

import dev.loupe.core.monitoring.AlertState;
import dev.loupe.core.monitoring.DriftAlarm;
import dev.loupe.monitor.estimate.PerformanceEstimate;
import dev.loupe.monitor.estimate.PerformanceEstimator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON shape of a model version's monitoring state, one for every place that shows it:
 * {@code GET /v1/models/{m}/monitor} on the server and {@code loupe monitor status|report|alerts --json}.
 * Maps (insertion-ordered, serialised by the caller) with snake_case keys; times are ISO-8601 UTC; an
 * unknown value (a NaN, no alarm yet, no estimator) is null, never left out.
 */
public final class MonitorJson {
    private MonitorJson() {
    }

    /**
     * {@code model}, {@code version}, {@code monitored: true}, {@code reference}, {@code observed},
     * {@code detectors}, {@code estimated} (null without a labelled reference) and {@code alerts}.
     */
    public static Map<String, Object> status(ModelMonitor m, Optional<PerformanceEstimator> estimator, List<AlertState> alerts) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", m.reference().model());
        out.put("version", m.reference().version());
        out.put("monitored", true);
        Map<String, Object> reference = new LinkedHashMap<>();
        reference.put("dataset", m.reference().dataset());
        reference.put("size", m.reference().size());
        reference.put("created_at", m.reference().createdAt().toString());
        out.put("reference", reference);
        out.put("observed", m.observed());
        List<Map<String, Object>> detectors = new ArrayList<>();
        for (DetectorState d : m.detectors()) {
            Map<String, Object> dm = new LinkedHashMap<>();
            dm.put("monitor", d.monitor());
            dm.put("statistic", number(d.statistic()));
            dm.put("threshold", number(d.threshold()));
            dm.put("alarms", d.alarms());
            dm.put("missing", d.missing()); // NaN values left out of the detector
            dm.put("last_alarm", d.lastAlarm().map(MonitorJson::alarm).orElse(null));
            detectors.add(dm);
        }
        out.put("detectors", detectors);
        out.put("estimated", estimator.map(e -> estimate(e.estimate())).orElse(null));
        out.put("alerts", alerts.stream().map(MonitorJson::alert).toList());
        return out;
    }

    /** CBPE's figures; null where undefined (no prediction yet). */
    public static Map<String, Object> estimate(PerformanceEstimate e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("predictions", e.predictions());
        m.put("precision", number(e.precision()));
        m.put("recall", number(e.recall()));
        m.put("accuracy", number(e.accuracy()));
        return m;
    }

    /** A drift alarm (its model, version and monitor are the caller's context). */
    public static Map<String, Object> alarm(DriftAlarm a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("direction", a.direction());
        m.put("effect_size", number(a.effectSize()));
        m.put("start_time", a.startTime().toString());
        m.put("start_request_id", a.startRequestId());
        m.put("alarm_time", a.alarmTime().toString());
        m.put("alarm_request_id", a.alarmRequestId());
        m.put("observations", a.observations());
        return m;
    }

    /** An alert rule's state: {@code rule}, {@code state} (lower case), {@code since}, {@code message}. */
    public static Map<String, Object> alert(AlertState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", s.rule());
        m.put("state", s.status().name().toLowerCase(Locale.ROOT));
        m.put("since", s.since().toString());
        m.put("message", s.message());
        return m;
    }

    /** The number, or null when it is NaN or infinite (JSON has no spelling for them). */
    public static Double number(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
