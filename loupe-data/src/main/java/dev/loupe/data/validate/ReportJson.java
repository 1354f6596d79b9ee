package dev.loupe.data.validate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a {@link ValidationReport}, schema {@value #SCHEMA}. The shape is built here field by
 * field (not derived from the records), so renaming a Java field cannot change it; docs/data-validation.md
 * documents it. Additions keep the schema name; a removal or rename bumps it.
 */
public final class ReportJson {
    public static final String SCHEMA = "loupe.data.validation/1";

    private ReportJson() {
    }

    /** The report's document, as maps and lists; the CLI prints it through its JSON writer. */
    public static Map<String, Object> document(ValidationReport r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", SCHEMA);
        root.put("dataset", r.dataset());
        root.put("verdict", r.verdict().lower());
        root.put("samples", r.samples());
        root.put("readable", r.readable());
        root.put("splits", r.splitCounts());
        root.put("labels", r.labelCounts());
        Map<String, Object> bySeverity = new LinkedHashMap<>();
        for (Severity s : Severity.values()) {
            bySeverity.put(s.lower(), r.findings().stream().filter(f -> f.severity() == s).count());
        }
        root.put("finding_counts", bySeverity);
        List<Object> findings = new ArrayList<>();
        for (Finding f : r.findings()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", f.type().id());
            m.put("severity", f.severity().lower());
            m.put("message", f.message());
            m.put("files", f.files());
            m.put("details", f.details());
            findings.add(m);
        }
        root.put("findings", findings);
        root.put("statistics", statistics(r.statistics()));
        return root;
    }

    /**
     * The report's {@code statistics}: {@code all}, {@code by_split} and {@code by_label}, each statistic's
     * {@code n}, {@code mean}, {@code min}, {@code p05} ... {@code max} (null when {@code n} is 0); also what
     * {@code loupe data show --json} prints.
     */
    public static Map<String, Object> statistics(StatisticsSummary s) {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("all", quantiles(s.all()));
        stats.put("by_split", grouped(s.bySplit()));
        stats.put("by_label", grouped(s.byLabel()));
        return stats;
    }

    private static Map<String, Object> grouped(Map<String, Map<String, Quantiles>> groups) {
        Map<String, Object> out = new LinkedHashMap<>();
        groups.forEach((k, v) -> out.put(k, quantiles(v)));
        return out;
    }

    private static Map<String, Object> quantiles(Map<String, Quantiles> byStat) {
        Map<String, Object> out = new LinkedHashMap<>();
        byStat.forEach((stat, q) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("n", q.n());
            // no readable image: nothing to summarise, so every figure is unknown (Quantiles holds zeros)
            boolean none = q.n() == 0;
            m.put("mean", none ? null : q.mean());
            m.put("min", none ? null : q.min());
            m.put("p05", none ? null : q.p05());
            m.put("p25", none ? null : q.p25());
            m.put("p50", none ? null : q.p50());
            m.put("p75", none ? null : q.p75());
            m.put("p95", none ? null : q.p95());
            m.put("max", none ? null : q.max());
            out.put(stat, m);
        });
        return out;
    }
}
