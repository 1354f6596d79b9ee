package dev.loupe.server.serving;

import dev.loupe.core.monitoring.AlertState;
import dev.loupe.core.monitoring.DriftAlarm;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.core.monitoring.MonitoringRepository;
import dev.loupe.monitor.alert.AlertEvaluator;
import dev.loupe.monitor.alert.AlertRule;
import dev.loupe.monitor.alert.AlertSink;
import dev.loupe.monitor.metrics.MonitorMetrics;
import dev.loupe.monitor.metrics.PrometheusText;
import dev.loupe.monitor.reference.Reference;
import dev.loupe.monitor.reference.References;
import dev.loupe.monitor.watch.DetectorState;
import dev.loupe.monitor.watch.ModelMonitor;
import dev.loupe.monitor.watch.MonitorConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Live monitoring of what the server answers: the prediction recorder's listener feeds every written
 * batch here, in stream order; each model version with a reference in the monitoring repository gets a
 * {@link ModelMonitor}, whose alarms are recorded ({@link MonitoringRepository#addAlarm}) and whose alert
 * rules are evaluated after each batch (FIRING and RESOLVED go to the sinks: the log, webhooks). A version
 * without a reference is not monitored, and {@link #status} says so.
 *
 * <p>Alert rules are per model: each rule named {@code MODEL: EXPRESSION}; without configured rules, one
 * {@code drift(X)} rule per detector, so an alert names its cause.
 *
 * <p>Thread-safe: the writer thread feeds it, scrapes and API calls read it, under one lock.
 */
final class LiveMonitors {
    private static final Logger LOG = LoggerFactory.getLogger(LiveMonitors.class);

    private record Key(String model, String version) {
    }

    private record Watched(ModelMonitor monitor, AlertEvaluator alerts, MonitorMetrics metrics) {
    }

    private final References references;
    private final MonitoringRepository repository;
    private final MonitorConfig config;
    private final List<String> rules;
    private final List<AlertSink> sinks;
    private final Duration hold;
    private final Clock clock;
    private final Map<Key, Optional<Watched>> watched = new LinkedHashMap<>();

    /**
     * @param rules alert rule expressions applied to every monitored model; empty for one drift rule per detector
     * @param hold  how long after an alarm {@code drift(X)} keeps holding
     */
    LiveMonitors(References references, MonitoringRepository repository, MonitorConfig config, List<String> rules,
                 List<AlertSink> sinks, Duration hold, Clock clock) {
        this.references = references;
        this.repository = repository;
        this.config = config;
        this.rules = List.copyOf(rules);
        this.sinks = List.copyOf(sinks);
        this.hold = hold;
        this.clock = clock;
    }

    /** The recorder's listener: observes a written batch, records alarms, evaluates alerts. */
    synchronized void accept(List<LoggedPrediction> batch) {
        List<Watched> touched = new ArrayList<>();
        for (LoggedPrediction p : batch) {
            Optional<Watched> w = watched(new Key(p.model(), p.version()));
            if (w.isEmpty()) {
                continue;
            }
            for (DriftAlarm alarm : w.get().monitor().observe(p)) {
                repository.addAlarm(alarm);
                LOG.warn("drift: {} {} {} {} since {} (request {})", alarm.model(), alarm.version(), alarm.monitor(),
                        alarm.direction(), alarm.startTime(), alarm.startRequestId());
            }
            if (!touched.contains(w.get())) {
                touched.add(w.get());
            }
        }
        for (Watched w : touched) {
            w.alerts().evaluate(w.metrics());
        }
    }

    private Optional<Watched> watched(Key key) {
        Optional<Watched> w = watched.get(key);
        if (w != null) {
            return w;
        }
        Optional<Reference> reference;
        try {
            reference = references.load(key.model(), Optional.of(key.version()));
        } catch (RuntimeException e) {
            LOG.warn("monitoring {} {}: cannot load its reference: {}", key.model(), key.version(), e.getMessage());
            reference = Optional.empty();
        }
        w = reference.map(r -> {
            ModelMonitor monitor = new ModelMonitor(r, config);
            List<AlertRule> parsed = new ArrayList<>();
            List<String> expressions = rules.isEmpty()
                    ? monitor.monitors().stream().map(m -> "drift(" + m + ")").toList() : rules;
            for (String e : expressions) {
                parsed.add(AlertRule.parse(key.model() + ": " + e, e));
            }
            return new Watched(monitor, new AlertEvaluator(parsed, repository, sinks, clock),
                    new MonitorMetrics(monitor, null, null, hold, clock));
        });
        watched.put(key, w);
        return w;
    }

    /** Forgets a model version's monitor (e.g. its reference was rebuilt); the next prediction reloads it. */
    synchronized void forget(String model, String version) {
        watched.remove(new Key(model, version));
    }

    /** A model version's monitoring state, for {@code GET /v1/models/{m}/monitor}. */
    synchronized Map<String, Object> status(String model, String version) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", model);
        out.put("version", version);
        Optional<Watched> w = watched(new Key(model, version));
        if (w.isEmpty()) {
            out.put("monitored", false);
            out.put("reason", "no monitoring reference for " + model + " version " + version
                    + "; build one with 'loupe monitor reference --model " + model + "@" + version + " --images DIR'");
            return out;
        }
        ModelMonitor m = w.get().monitor();
        out.put("monitored", true);
        out.put("reference", Map.of("dataset", m.reference().dataset(), "size", m.reference().size()));
        out.put("observed", m.observed());
        List<Map<String, Object>> detectors = new ArrayList<>();
        for (DetectorState d : m.detectors()) {
            Map<String, Object> dm = new LinkedHashMap<>();
            dm.put("monitor", d.monitor());
            dm.put("statistic", d.statistic());
            dm.put("threshold", d.threshold());
            dm.put("alarms", d.alarms());
            d.lastAlarm().ifPresent(a -> dm.put("last_alarm", alarm(a)));
            detectors.add(dm);
        }
        out.put("detectors", detectors);
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (AlertState s : w.get().alerts().states()) {
            alerts.add(Map.of("rule", s.rule(), "state", s.status().name().toLowerCase(java.util.Locale.ROOT),
                    "since", s.since().toString(), "message", s.message()));
        }
        out.put("alerts", alerts);
        return out;
    }

    private static Map<String, Object> alarm(DriftAlarm a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("direction", a.direction());
        m.put("effect_size", a.effectSize());
        m.put("start_time", a.startTime().toString());
        m.put("start_request_id", a.startRequestId());
        m.put("alarm_time", a.alarmTime().toString());
        m.put("alarm_request_id", a.alarmRequestId());
        m.put("observations", a.observations());
        return m;
    }

    /** Every monitor's gauges and every rule's state. */
    synchronized void render(PrometheusText text) {
        List<AlertState> states = new ArrayList<>();
        for (Optional<Watched> w : watched.values()) {
            w.ifPresent(x -> {
                text.monitor(x.monitor());
                states.addAll(x.alerts().states());
            });
        }
        text.alerts(states);
    }
}
