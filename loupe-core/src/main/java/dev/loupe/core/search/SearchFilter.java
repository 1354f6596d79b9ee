package dev.loupe.core.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A search filter in MLflow's syntax: comparisons joined by {@code AND}, e.g.
 * {@code metrics.auc > 0.9 and params.lr = '0.01' and attributes.status = 'FINISHED'}.
 *
 * <p>Grammar (MLflow's "search runs" syntax; there is no {@code OR}): a field ({@link Field}), an
 * operator ({@code = != < <= > >= LIKE ILIKE IN NOT IN}, keywords in any case), then a value: a number,
 * a string in single or double quotes, or for {@code IN} a parenthesised list of strings. Keys that hold
 * spaces or dots may be quoted with double quotes or backticks: {@code tags."mlflow.user"}. Metrics
 * compare with numbers only; params and tags with strings only.
 *
 * <p>Values are immutable; {@link #parse} throws {@link IllegalArgumentException} with a message
 * naming the position of the first error.
 */
public record SearchFilter(List<Comparison> comparisons) {

    public SearchFilter {
        comparisons = List.copyOf(comparisons);
    }

    /** The filter that matches everything. */
    public static SearchFilter all() {
        return new SearchFilter(List.of());
    }

    /** Parses a filter; null or blank is {@link #all()}. */
    public static SearchFilter parse(String text) {
        if (text == null || text.isBlank()) {
            return all();
        }
        Scanner s = new Scanner(text);
        List<Comparison> out = new ArrayList<>();
        do {
            out.add(comparison(s));
        } while (s.keyword("AND"));
        if (!s.atEnd()) {
            throw s.error("expected AND or the end of the filter");
        }
        return new SearchFilter(out);
    }

    public boolean matches(FieldLookup lookup) {
        return comparisons.stream().allMatch(c -> c.matches(lookup));
    }

    private static Comparison comparison(Scanner s) {
        Field field = s.field();
        Comparison.Op op = s.op();
        Object value = switch (op) {
            case IN, NOT_IN -> s.stringList();
            default -> s.value();
        };
        if (field.entity() == Field.Entity.METRIC && !(value instanceof Double)) {
            throw new IllegalArgumentException("Expected numeric value type for metric '" + field.key() + "'. Found " + value);
        }
        if ((field.entity() == Field.Entity.PARAM || field.entity() == Field.Entity.TAG) && !(value instanceof String)) {
            throw new IllegalArgumentException("Expected a quoted string value for " + field + ". Found " + value);
        }
        if ((op == Comparison.Op.LIKE || op == Comparison.Op.ILIKE) && !(value instanceof String)) {
            throw new IllegalArgumentException(op + " needs a quoted string pattern, found " + value);
        }
        return new Comparison(field, op, value);
    }

    @Override
    public String toString() {
        return String.join(" and ", comparisons.stream().map(Comparison::toString).toList());
    }

    /** A cursor over the text of a filter or an order_by clause. */
    static final class Scanner {
        private final String text;
        private final String kind;
        private int pos;

        /** A filter's scanner. */
        Scanner(String text) {
            this(text, "filter");
        }

        /** @param kind what the text is, for errors: {@code filter}, {@code order_by clause} */
        Scanner(String text, String kind) {
            this.text = text;
            this.kind = kind;
        }

        boolean atEnd() {
            skipSpace();
            return pos >= text.length();
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("Invalid " + kind + " '" + text + "' at position " + pos + ": " + what);
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        boolean keyword(String word) {
            skipSpace();
            int end = pos + word.length();
            if (end <= text.length() && text.substring(pos, end).equalsIgnoreCase(word)
                    && (end == text.length() || !isWordChar(text.charAt(end)))) {
                pos = end;
                return true;
            }
            return false;
        }

        private static boolean isWordChar(char c) {
            return Character.isLetterOrDigit(c) || c == '_';
        }

        Field field() {
            skipSpace();
            if (pos < text.length() && (text.charAt(pos) == '`' || text.charAt(pos) == '"')) {
                return new Field(Field.Entity.ATTRIBUTE, quoted());
            }
            int start = pos;
            while (pos < text.length() && isWordChar(text.charAt(pos))) {
                pos++;
            }
            if (start == pos) {
                throw error("expected a field such as metrics.auc");
            }
            String word = text.substring(start, pos);
            if (pos < text.length() && text.charAt(pos) == '.') {
                pos++;
                Field.Entity entity = Field.Entity.parse(word);
                return new Field(entity, key());
            }
            return new Field(Field.Entity.ATTRIBUTE, word);
        }

        private String key() {
            if (pos < text.length() && (text.charAt(pos) == '`' || text.charAt(pos) == '"')) {
                return quoted();
            }
            int start = pos;
            while (pos < text.length() && !Character.isWhitespace(text.charAt(pos)) && "=!<>".indexOf(text.charAt(pos)) < 0) {
                pos++;
            }
            if (start == pos) {
                throw error("expected a key after the entity");
            }
            return text.substring(start, pos);
        }

        private String quoted() {
            char q = text.charAt(pos);
            int end = text.indexOf(q, pos + 1);
            if (end < 0) {
                throw error("unclosed " + q);
            }
            String s = text.substring(pos + 1, end);
            pos = end + 1;
            return s;
        }

        Comparison.Op op() {
            skipSpace();
            for (String sym : new String[]{"!=", "<=", ">=", "=", "<", ">"}) {
                if (text.startsWith(sym, pos)) {
                    pos += sym.length();
                    return switch (sym) {
                        case "!=" -> Comparison.Op.NE;
                        case "<=" -> Comparison.Op.LE;
                        case ">=" -> Comparison.Op.GE;
                        case "=" -> Comparison.Op.EQ;
                        case "<" -> Comparison.Op.LT;
                        default -> Comparison.Op.GT;
                    };
                }
            }
            if (keyword("ILIKE")) {
                return Comparison.Op.ILIKE;
            }
            if (keyword("LIKE")) {
                return Comparison.Op.LIKE;
            }
            if (keyword("IN")) {
                return Comparison.Op.IN;
            }
            if (keyword("NOT")) {
                if (keyword("IN")) {
                    return Comparison.Op.NOT_IN;
                }
                throw error("expected IN after NOT");
            }
            throw error("expected a comparison operator (= != < <= > >= LIKE ILIKE IN NOT IN)");
        }

        Object value() {
            skipSpace();
            if (pos >= text.length()) {
                throw error("expected a value");
            }
            char c = text.charAt(pos);
            if (c == '\'' || c == '"') {
                return quoted();
            }
            int start = pos;
            while (pos < text.length() && "+-.0123456789eE".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
            try {
                return Double.valueOf(text.substring(start, pos));
            } catch (NumberFormatException e) {
                pos = start;
                throw error("expected a number or a quoted string");
            }
        }

        List<String> stringList() {
            skipSpace();
            if (pos >= text.length() || text.charAt(pos) != '(') {
                throw error("expected ( after IN");
            }
            pos++;
            List<String> items = new ArrayList<>();
            while (true) {
                Object v = value();
                if (!(v instanceof String str)) {
                    throw error("IN takes quoted strings");
                }
                items.add(str);
                skipSpace();
                if (pos < text.length() && text.charAt(pos) == ',') {
                    pos++;
                } else if (pos < text.length() && text.charAt(pos) == ')') {
                    pos++;
                    return List.copyOf(items);
                } else {
                    throw error("expected , or ) in the IN list");
                }
            }
        }

    }
}
