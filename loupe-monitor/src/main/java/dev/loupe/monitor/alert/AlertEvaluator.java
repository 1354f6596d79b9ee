package dev.loupe.monitor.alert;

import dev.loupe.core.monitoring.AlertState;
import dev.loupe.core.monitoring.AlertState.Status;
import dev.loupe.core.monitoring.MonitoringRepository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Evaluates alert rules against metrics and keeps each rule's state: INACTIVE → PENDING when the
 * condition starts to hold; PENDING → FIRING once it has held for the rule's {@code for} duration
 * (at once when that is zero); PENDING → INACTIVE if it stops holding first; FIRING → RESOLVED when it
 * stops holding; RESOLVED → PENDING when it holds again. Time comes from the injected {@link Clock}, so
 * durations are tested without sleeping.
 *
 * <p>A rule whose metric has no value (empty or NaN: not enough data since its monitor started) keeps its
 * stored state: no transition, nothing saved, nothing delivered. A restarted server's monitors start empty, and
 * reading that as "the condition stopped holding" resolved a rule the CLI or an earlier server had set to
 * FIRING, then fired it again once the data came back: two pages for nothing, and a fresh {@code since} that the
 * pipeline's {@code on_drift_alert} trigger took for a new alert. A rule never evaluated before is saved as
 * INACTIVE ("no value yet") so that every rule shows up in the stored states.
 *
 * <p>Every transition (and a rule's first evaluation) is saved in the {@link MonitoringRepository} (the state survives restarts: a new
 * evaluator resumes from the saved states); FIRING and RESOLVED are delivered to every sink. Sinks must
 * not block (see {@link AlertSink}). Not thread-safe: evaluate from one thread (a scheduler tick).
 */
public final class AlertEvaluator {
    private final List<AlertRule> rules;
    private final MonitoringRepository repository;
    private final List<AlertSink> sinks;
    private final Clock clock;
    private final Map<String, AlertState> states = new HashMap<>();

    public AlertEvaluator(List<AlertRule> rules, MonitoringRepository repository, List<AlertSink> sinks, Clock clock) {
        if (rules.stream().map(AlertRule::name).distinct().count() != rules.size()) {
            throw new IllegalArgumentException("alert rule names must be unique");
        }
        this.rules = List.copyOf(rules);
        this.repository = repository;
        this.sinks = List.copyOf(sinks);
        this.clock = clock;
        for (AlertState s : repository.alertStates()) {
            states.put(s.rule(), s);
        }
    }

    /** Evaluates every rule now; returns the states that changed. */
    public List<AlertState> evaluate(MetricSource metrics) {
        Instant now = clock.instant();
        List<AlertState> changed = new ArrayList<>();
        for (AlertRule rule : rules) {
            OptionalDouble v = metrics.value(rule.metric());
            boolean known = v.isPresent() && !Double.isNaN(v.getAsDouble());
            if (!known && states.containsKey(rule.name())) {
                continue; // no value yet: whatever the rule was (FIRING after a restart, say), it stays
            }
            boolean holds = rule.holds(v);
            AlertState before = states.getOrDefault(rule.name(),
                    new AlertState(rule.name(), Status.INACTIVE, Instant.EPOCH, Double.NaN, "never evaluated"));
            Status next = next(before, holds, rule.hold(), now);
            if (!states.containsKey(rule.name()) && next == Status.INACTIVE) {
                // first evaluation of a quiet rule: saved, so every rule shows up in the stored states
                AlertState first = new AlertState(rule.name(), Status.INACTIVE, now, v.orElse(Double.NaN), message(rule, v, next));
                states.put(rule.name(), first);
                repository.saveAlertState(first);
            } else if (next != before.status()) {
                AlertState after = new AlertState(rule.name(), next, now, v.orElse(Double.NaN), message(rule, v, next));
                states.put(rule.name(), after);
                repository.saveAlertState(after);
                changed.add(after);
                if (next == Status.FIRING || next == Status.RESOLVED) {
                    for (AlertSink sink : sinks) {
                        sink.deliver(rule, after);
                    }
                }
            }
        }
        return changed;
    }

    private static Status next(AlertState s, boolean holds, Duration hold, Instant now) {
        return switch (s.status()) {
            case INACTIVE, RESOLVED -> holds ? (hold.isZero() ? Status.FIRING : Status.PENDING) : s.status();
            case PENDING -> !holds ? Status.INACTIVE
                    : Duration.between(s.since(), now).compareTo(hold) >= 0 ? Status.FIRING : Status.PENDING;
            case FIRING -> holds ? Status.FIRING : Status.RESOLVED;
        };
    }

    private static String message(AlertRule rule, OptionalDouble v, Status status) {
        String value = v.isPresent() ? "value " + String.format(Locale.ROOT, "%.4g", v.getAsDouble()) : "no value yet";
        return rule.expression() + " (" + value + "): " + status.name().toLowerCase(Locale.ROOT);
    }

    /** Every rule's current state (INACTIVE for rules never triggered). */
    public List<AlertState> states() {
        return rules.stream().map(r -> states.getOrDefault(r.name(),
                new AlertState(r.name(), Status.INACTIVE, Instant.EPOCH, Double.NaN, "never triggered"))).toList();
    }
}
