package dev.loupe.core.monitoring;

import java.time.Instant;
import java.util.Objects;

/**
 * The state of one alert rule.
 *
 * @param rule    the rule's name
 * @param status  where it stands
 * @param since   when it entered that status
 * @param value   the rule's metric at the last evaluation (NaN when the metric had no value)
 * @param message a line for humans: the rule and the value
 */
public record AlertState(String rule, Status status, Instant since, double value, String message) {

    public AlertState {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(message, "message");
    }

    /** Prometheus' alert life cycle, plus {@code RESOLVED} for a rule that fired and stopped. */
    public enum Status {
        /** The condition does not hold. */
        INACTIVE,
        /** The condition holds, but not yet for the rule's {@code for} duration. */
        PENDING,
        /** The condition has held for the {@code for} duration: notified. */
        FIRING,
        /** It fired and the condition no longer holds: notified. */
        RESOLVED
    }
}
