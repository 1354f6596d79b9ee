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

    /**
     * The name of a model version's rule: {@code MODEL/VERSION: EXPRESSION} (the registry's spelling of a
     * version, {@code NAME/VERSION}). Each version has its own state: a challenger's drift is not its
     * champion's, and two versions never share a rule (nor a {@code loupe_alert_state} series).
     */
    public static String ruleName(String model, String version, String expression) {
        return rulePrefix(model, version) + expression;
    }

    /** What the names of a model version's rules start with: {@code MODEL/VERSION: }. */
    public static String rulePrefix(String model, String version) {
        return model + "/" + version + ": ";
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
