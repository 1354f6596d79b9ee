package dev.loupe.core.search;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One {@code field op value} clause of a search filter. A record lacking the field never matches,
 * whatever the operator (as in MLflow: {@code metrics.auc != 0.5} excludes runs without {@code auc}).
 *
 * @param value a {@link Double}, a {@link String}, or for {@code IN}/{@code NOT IN} a list of strings
 */
public record Comparison(Field field, Op op, Object value) {

    public enum Op {
        EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="), LIKE("LIKE"), ILIKE("ILIKE"), IN("IN"), NOT_IN("NOT IN");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }
    }

    public Comparison {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(value, "value");
    }

    public boolean matches(FieldLookup lookup) {
        Object actual = lookup.value(field);
        if (actual instanceof Collection<?> many) {
            return many.stream().anyMatch(this::matchesOne);
        }
        return actual != null && matchesOne(actual);
    }

    private boolean matchesOne(Object actual) {
        return switch (op) {
            case IN -> ((List<?>) value).contains(actual.toString());
            case NOT_IN -> !((List<?>) value).contains(actual.toString());
            case LIKE -> like(actual.toString(), false);
            case ILIKE -> like(actual.toString(), true);
            default -> {
                if (isNaN(actual) || isNaN(value)) {
                    // as IEEE 754 (and MLflow's file store): NaN is neither equal to, below nor above anything
                    yield op == Op.NE;
                }
                int c = compare(actual, value);
                yield switch (op) {
                    case EQ -> c == 0;
                    case NE -> c != 0;
                    case LT -> c < 0;
                    case LE -> c <= 0;
                    case GT -> c > 0;
                    case GE -> c >= 0;
                    default -> throw new IllegalStateException(op.name());
                };
            }
        };
    }

    private boolean like(String actual, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char ch : value.toString().toCharArray()) {
            switch (ch) {
                case '%' -> regex.append(".*");
                case '_' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        int flags = Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        return Pattern.compile(regex.toString(), flags).matcher(actual).matches();
    }

    /** Numbers compare numerically (a numeric string against a number too); otherwise as text. */
    static int compare(Object actual, Object expected) {
        Double a = asNumber(actual);
        Double b = asNumber(expected);
        if (a != null && b != null && (actual instanceof Number || expected instanceof Number)) {
            return Double.compare(a, b);
        }
        return actual.toString().compareTo(expected.toString());
    }

    private static boolean isNaN(Object o) {
        return o instanceof Number n && Double.isNaN(n.doubleValue());
    }

    private static Double asNumber(Object o) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.valueOf(o.toString().strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        String v = value instanceof String s ? "'" + s + "'" : value.toString();
        return field + " " + op.symbol.toLowerCase(Locale.ROOT) + " " + v;
    }
}
