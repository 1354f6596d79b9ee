package dev.loupe.core.search;

import java.util.Comparator;
import java.util.List;

/**
 * One ordering clause in MLflow's syntax, {@code metrics.auc DESC} or {@code attributes.start_time}
 * (ascending by default). Records lacking the field sort after all others, in either direction.
 */
public record OrderBy(Field field, boolean ascending) {

    public static OrderBy parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty order_by clause");
        }
        SearchFilter.Scanner s = new SearchFilter.Scanner(text, "order_by clause");
        Field field = s.field();
        boolean asc = true;
        if (s.keyword("DESC")) {
            asc = false;
        } else {
            s.keyword("ASC");
        }
        if (!s.atEnd()) {
            throw s.error("expected ASC, DESC or the end of the clause");
        }
        return new OrderBy(field, asc);
    }

    public static List<OrderBy> parseAll(List<String> clauses) {
        return clauses == null ? List.of() : clauses.stream().map(OrderBy::parse).toList();
    }

    /** Orders records by this clause, reading fields through the given lookup. */
    public <T> Comparator<T> comparator(java.util.function.Function<T, FieldLookup> lookups) {
        return (a, b) -> {
            Object x = single(lookups.apply(a).value(field));
            Object y = single(lookups.apply(b).value(field));
            if (x == null || y == null) {
                return x == null ? (y == null ? 0 : 1) : -1;
            }
            int c = Comparison.compare(x, y);
            return ascending ? c : -c;
        };
    }

    /** Chains clauses, then a tie-breaker. */
    public static <T> Comparator<T> comparator(List<OrderBy> clauses, java.util.function.Function<T, FieldLookup> lookups,
                                               Comparator<T> tieBreaker) {
        Comparator<T> c = (a, b) -> 0;
        for (OrderBy o : clauses) {
            c = c.thenComparing(o.comparator(lookups));
        }
        return c.thenComparing(tieBreaker);
    }

    private static Object single(Object v) {
        if (v instanceof java.util.Collection<?> many) {
            return many.isEmpty() ? null : many.iterator().next();
        }
        return v;
    }
}
