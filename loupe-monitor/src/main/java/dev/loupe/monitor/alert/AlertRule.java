package dev.loupe.monitor.alert;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rule on any monitor or metric: {@code drift(brightness)}, {@code estimated_recall < 0.95 for 10m},
 * {@code statistic(score) >= 8}. The condition must hold for the {@code for} duration before the rule
 * fires (as in Prometheus), so a blip does not page anyone.
 *
 * <p>Grammar: {@code METRIC [OP NUMBER] [for DURATION]}; OP one of {@code < <= > >= == !=}; a bare
 * METRIC means {@code METRIC != 0} (for {@code drift(x)}, which is 1 while detector x is in alarm);
 * DURATION like {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}.
 *
 * @param name   the rule's name, unique; alerts and notifications carry it
 * @param metric the metric it reads
 * @param op     the comparison
 * @param value  the number compared with
 * @param hold   how long the condition must hold before firing ({@code for})
 * @param about  the model version whose metrics the rule reads, when it reads one's (a server's and
 *               {@code loupe monitor alerts}' rules do); notifications carry it
 */
public record AlertRule(String name, String metric, String op, double value, Duration hold, Optional<Subject> about) {
    private static final Pattern EXPR = Pattern.compile(
            "\\s*([A-Za-z_][A-Za-z0-9_]*(?:\\([A-Za-z0-9_.-]+\\))?)\\s*(?:(<=|>=|==|!=|<|>)\\s*(-?[0-9.]+(?:[eE]-?[0-9]+)?))?"
                    + "\\s*(?:for\\s+([0-9]+[smhd]))?\\s*");

    public AlertRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metric, "metric");
        if (!java.util.List.of("<", "<=", ">", ">=", "==", "!=").contains(op)) {
            throw new IllegalArgumentException("unknown comparison '" + op + "'");
        }
        if (hold.isNegative()) {
            throw new IllegalArgumentException("'for' must not be negative");
        }
        Objects.requireNonNull(about, "about");
    }

    /** A rule about no model version in particular. */
    public AlertRule(String name, String metric, String op, double value, Duration hold) {
        this(name, metric, op, value, hold, Optional.empty());
    }

    /** A model version a rule is about: the registry's name and version number. */
    public record Subject(String model, String version) {
        public Subject {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(version, "version");
        }
    }

    /** This rule, about {@code model}'s version {@code version}. */
    public AlertRule about(String model, String version) {
        return new AlertRule(name, metric, op, value, hold, Optional.of(new Subject(model, version)));
    }

    /** Parses {@code expression}; the rule's name is the expression itself when {@code name} is null. */
    public static AlertRule parse(String name, String expression) {
        Matcher m = EXPR.matcher(expression);
        if (!m.matches()) {
            throw new IllegalArgumentException("cannot read alert rule '" + expression
                    + "' (expected e.g. 'drift(brightness)' or 'estimated_recall < 0.95 for 10m')");
        }
        String op = m.group(2) == null ? "!=" : m.group(2);
        double value = m.group(3) == null ? 0 : Double.parseDouble(m.group(3));
        Duration hold = m.group(4) == null ? Duration.ZERO : duration(m.group(4));
        return new AlertRule(name == null ? expression.strip() : name, m.group(1), op, value, hold);
    }

    private static Duration duration(String s) {
        long n = Long.parseLong(s.substring(0, s.length() - 1));
        return switch (s.charAt(s.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** Whether the condition holds for this metric value; a missing value never holds. */
    public boolean holds(OptionalDouble v) {
        if (v.isEmpty() || Double.isNaN(v.getAsDouble())) {
            return false;
        }
        double x = v.getAsDouble();
        return switch (op) {
            case "<" -> x < value;
            case "<=" -> x <= value;
            case ">" -> x > value;
            case ">=" -> x >= value;
            case "==" -> x == value;
            default -> x != value;
        };
    }

    /** The rule as written back, in the grammar {@link #parse} reads: {@code estimated_recall < 0.95 for 90m}. */
    public String expression() {
        String cond = metric + " " + op + " " + (value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value));
        return hold.isZero() ? cond : cond + " for " + written(hold);
    }

    /** A duration in the largest of d, h, m, s that writes it whole (90 minutes: {@code 90m}, not {@code 1h30m}). */
    private static String written(Duration d) {
        long s = d.toSeconds();
        for (long[] unit : new long[][] {{86_400, 'd'}, {3_600, 'h'}, {60, 'm'}}) {
            if (s % unit[0] == 0) {
                return s / unit[0] + String.valueOf((char) unit[1]);
            }
        }
        return s + "s";
    }
}
