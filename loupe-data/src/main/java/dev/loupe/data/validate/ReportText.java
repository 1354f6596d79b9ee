package dev.loupe.data.validate;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/** The human form of a {@link ValidationReport}: verdict, counts, findings with their files, statistics. */
public final class ReportText {
    /** Files listed per finding before "... and N more". */
    static final int FILES_SHOWN = 8;

    private ReportText() {
    }

    public static void print(ValidationReport r, PrintWriter out) {
        out.printf("%s: %d samples (%d readable), splits %s, labels %s%n", r.dataset(), r.samples(), r.readable(),
                r.splitCounts(), labels(r.labelCounts()));
        if (r.findings().isEmpty()) {
            out.println("no findings");
        }
        for (Finding f : r.findings()) {
            out.printf("%-7s %-24s %s%n", f.severity().lower(), f.type().id(), f.message());
            int shown = Math.min(FILES_SHOWN, f.files().size());
            for (String file : f.files().subList(0, shown)) {
                out.println("          " + file);
            }
            if (f.files().size() > shown) {
                out.printf("          ... and %d more (--json lists all)%n", f.files().size() - shown);
            }
        }
        printStatistics(r.statistics(), out);
        long errors = r.findings().stream().filter(f -> f.severity() == Severity.ERROR).count();
        long warnings = r.findings().stream().filter(f -> f.severity() == Severity.WARNING).count();
        out.printf("verdict: %s (%d errors, %d warnings, %d notes)%n", r.verdict().lower(), errors, warnings,
                r.findings().size() - errors - warnings);
    }

    /** Median and 5-95% range of each statistic, per split and per label. */
    public static void printStatistics(StatisticsSummary s, PrintWriter out) {
        out.println("per-image statistics (median [p05, p95]):");
        out.printf("  %-18s", "");
        s.all().keySet().forEach(k -> out.printf(" %-22s", k));
        out.println();
        s.bySplit().forEach((k, v) -> row("split " + k, v, out));
        s.byLabel().forEach((k, v) -> row("label " + (k.isEmpty() ? "(none)" : k), v, out));
    }

    private static void row(String name, Map<String, Quantiles> byStat, PrintWriter out) {
        out.printf("  %-18s", name);
        byStat.values().forEach(q -> out.printf(" %-22s", String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", q.p50(), q.p05(), q.p95())));
        out.println();
    }

    private static String labels(Map<String, Integer> counts) {
        return counts.toString().replace("{=", "{(none)=").replace(", =", ", (none)=");
    }
}
