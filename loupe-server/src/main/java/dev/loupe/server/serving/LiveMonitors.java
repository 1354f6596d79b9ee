package dev.loupe.server.serving;

import dev.loupe.core.monitoring.AlertState;
import dev.loupe.core.monitoring.DriftAlarm;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.core.monitoring.MonitoringRepository;
import dev.loupe.core.monitoring.StoredReference;
import dev.loupe.core.store.BlobId;
import dev.loupe.monitor.alert.AlertEvaluator;
import dev.loupe.monitor.alert.AlertRule;
import dev.loupe.monitor.alert.AlertSink;
import dev.loupe.monitor.estimate.PerformanceEstimator;
import dev.loupe.monitor.log.PredictionRecorder;
import dev.loupe.monitor.metrics.MonitorMetrics;
import dev.loupe.monitor.metrics.PrometheusText;
import dev.loupe.monitor.reference.Reference;
import dev.loupe.monitor.reference.References;
import dev.loupe.monitor.watch.ModelMonitor;
import dev.loupe.monitor.watch.MonitorJson;
import dev.loupe.monitor.watch.MonitorConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * without a reference is not monitored, and {@link #status} says so; its reference is looked up again every
 * {@code recheck}, so one built while the server runs is picked up. With a labelled reference, a CBPE
 * {@link PerformanceEstimator} gives the {@code estimated_*} alert metrics.
 *
 * <p>Alert rules are per model version: each rule named {@code MODEL/VERSION: EXPRESSION}
 * ({@link AlertState#ruleName}), so a champion and its challenger have their own states; without configured
 * rules, one {@code drift(X)} rule per detector, so an alert names its cause.
 *
 * <p>Thread-safe: the writer thread feeds it, scrapes and API calls read it, under one lock.
 */
final class LiveMonitors {
    private static final Logger LOG = LoggerFactory.getLogger(LiveMonitors.class);
    /** Predictions the performance estimate is over. */
    static final int ESTIMATE_WINDOW = 10_000;

    private record Key(String model, String version) {
    }

    private record Watched(ModelMonitor monitor, AlertEvaluator alerts, MonitorMetrics metrics,
                           Optional<PerformanceEstimator> estimator, BlobId reference) {
    }

    /** A version's monitor (empty: it has no reference) and when its reference was last looked up. */
    private record Entry(Optional<Watched> watched, Instant checked) {
    }

    private final References references;
    private final MonitoringRepository repository;
    private final MonitorConfig config;
    private final List<String> rules;
    private final List<AlertSink> sinks;
    private final Duration hold;
    private final Duration recheck;
    private final Clock clock;
    private final Map<Key, Entry> watched = new LinkedHashMap<>();
    private volatile PredictionRecorder recorder;

    /**
     * @param rules   alert rule expressions applied to every monitored model; empty for one drift rule per detector
     * @param hold    how long after an alarm {@code drift(X)} keeps holding
     * @param recheck how often a version's reference is looked up again: one built (or rebuilt) while the
     *                server runs is picked up within this
     */
    LiveMonitors(References references, MonitoringRepository repository, MonitorConfig config, List<String> rules,
                 List<AlertSink> sinks, Duration hold, Duration recheck, Clock clock) {
        this.references = references;
        this.repository = repository;
        this.config = config;
        this.rules = List.copyOf(rules);
        this.sinks = List.copyOf(sinks);
        this.hold = hold;
        this.recheck = recheck;
        this.clock = clock;
    }

    /** The recorder whose drop counter the {@code dropped_predictions} alert metric reads. */
    void recorder(PredictionRecorder r) {
        this.recorder = r;
    }

    /** The recorder's listener: observes a written batch, records alarms, evaluates alerts. */
    synchronized void accept(List<LoggedPrediction> batch) {
        List<Watched> touched = new ArrayList<>();
        for (LoggedPrediction p : batch) {
            Optional<Watched> w = watched(new Key(p.model(), p.version()), true);
            if (w.isEmpty()) {
                continue;
            }
            for (DriftAlarm alarm : w.get().monitor().observe(p)) {
                repository.addAlarm(alarm);
                LOG.warn("drift: {} {} {} {} since {} (request {})", alarm.model(), alarm.version(), alarm.monitor(),
                        alarm.direction(), alarm.startTime(), alarm.startRequestId());
            }
            w.get().estimator().ifPresent(e -> e.observe(p.score()));
            if (!touched.contains(w.get())) {
                touched.add(w.get());
            }
        }
        for (Watched w : touched) {
            w.alerts().evaluate(w.metrics());
        }
    }

    /**
     * The version's monitor, built from its reference; the reference is looked up again every
     * {@code recheck}, so one built or rebuilt since is used (a rebuilt one restarts the detectors).
     *
     * @param remember whether to remember a version without a reference (the ones served are; one only
     *                 asked about is not, so queries for arbitrary versions cost no memory)
     */
    private Optional<Watched> watched(Key key, boolean remember) {
        Entry e = watched.get(key);
        Instant now = clock.instant();
        if (e != null && Duration.between(e.checked(), now).compareTo(recheck) < 0) {
            return e.watched();
        }
        Optional<Watched> w;
        try {
            Optional<StoredReference> row = repository.reference(key.model(), key.version());
            if (row.isEmpty()) {
                w = Optional.empty();
            } else if (e != null && e.watched().isPresent() && e.watched().get().reference().equals(row.get().blob())) {
                w = e.watched();
            } else {
                w = references.load(key.model(), Optional.of(key.version())).map(r -> watch(key, r, row.get().blob()));
            }
        } catch (RuntimeException ex) {
            LOG.warn("monitoring {} {}: cannot load its reference: {}", key.model(), key.version(), ex.getMessage());
            w = e == null ? Optional.empty() : e.watched();
        }
        if (remember || w.isPresent() || e != null) {
            watched.put(key, new Entry(w, now));
        }
        return w;
    }

    private Watched watch(Key key, Reference r, BlobId blob) {
        ModelMonitor monitor = new ModelMonitor(r, config);
        List<AlertRule> parsed = new ArrayList<>();
        List<String> expressions = rules.isEmpty()
                ? monitor.monitors().stream().map(m -> "drift(" + m + ")").toList() : rules;
        for (String x : expressions) {
            AlertRule rule = AlertRule.parse(AlertState.ruleName(key.model(), key.version(), x), x)
                    .about(key.model(), key.version());
            MonitorMetrics.detectorOf(rule.metric()).filter(d -> !monitor.monitors().contains(d)).ifPresent(d ->
                    LOG.warn("alert rule '{}': {} version {} has no detector '{}' (it has {}); the rule cannot fire for it",
                            x, key.model(), key.version(), d, monitor.monitors()));
            parsed.add(rule);
        }
        Optional<PerformanceEstimator> estimator = PerformanceEstimator.forReference(r, ESTIMATE_WINDOW);
        return new Watched(monitor, new AlertEvaluator(parsed, repository, sinks, clock),
                new MonitorMetrics(monitor, estimator.orElse(null), recorder, hold, clock), estimator, blob);
    }

    /** Forgets a model version's monitor (e.g. its reference was rebuilt); the next prediction reloads it. */
    synchronized void forget(String model, String version) {
        watched.remove(new Key(model, version));
    }

    /** Model versions whose monitoring state is kept (those served, and those with a reference asked about). */
    synchronized int size() {
        return watched.size();
    }

    /** A model version's monitoring state, for {@code GET /v1/models/{m}/monitor}. */
    synchronized Map<String, Object> status(String model, String version) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", model);
        out.put("version", version);
        Optional<Watched> w = watched(new Key(model, version), false);
        if (w.isEmpty()) {
            out.put("monitored", false);
            out.put("reason", "no monitoring reference for " + model + " version " + version
                    + "; build one with 'loupe monitor reference --model " + model + "@" + version + " --images DIR'");
            return out;
        }
        out.putAll(MonitorJson.status(w.get().monitor(), w.get().estimator(), w.get().alerts().states()));
        return out;
    }

    /** Every monitor's gauges and every rule's state. */
    synchronized void render(PrometheusText text) {
        for (Map.Entry<Key, Entry> e : watched.entrySet()) {
            e.getValue().watched().ifPresent(x -> {
                text.monitor(x.monitor());
                text.alerts(e.getKey().model(), e.getKey().version(), x.alerts().states());
                x.estimator().map(PerformanceEstimator::estimate).filter(p -> p.predictions() > 0)
                        .ifPresent(p -> text.estimate(e.getKey().model(), e.getKey().version(), p));
            });
        }
    }
}
