package dev.loupe.cli.quickstart;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the quickstart did, stage by stage: what each stage produced and its key figures. Printed as
 * a table at the end; the figures are also kept by name so tests can check them. Thread-safe: stages
 * may run side by side, so the total is the wall time since the summary was made, not the rows' sum.
 */
final class Summary {

    record Row(String stage, String produced, String figures, double seconds) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Double> figures = new LinkedHashMap<>();
    private final Stopwatch wall = new Stopwatch();

    synchronized void add(String stage, String produced, String figures, double seconds) {
        rows.add(new Row(stage, produced, figures, seconds));
    }

    synchronized void figure(String name, double value) {
        figures.put(name, value);
    }

    synchronized Map<String, Double> figures() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    }

    synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    synchronized void print(PrintWriter out) {
        int w1 = Math.max(5, rows.stream().mapToInt(r -> r.stage.length()).max().orElse(5));
        int w2 = Math.max(8, rows.stream().mapToInt(r -> r.produced.length()).max().orElse(8));
        String fmt = "%-" + w1 + "s  %-" + w2 + "s  %6s  %s%n";
        out.println();
        out.println("Summary");
        out.printf(fmt, "stage", "produced", "time", "key figures");
        out.printf(fmt, "-".repeat(w1), "-".repeat(w2), "------", "-".repeat(11));
        for (Row r : rows) {
            out.printf(fmt, r.stage, r.produced, String.format("%5.1fs", r.seconds), r.figures);
        }
        out.printf(fmt, "total", "", String.format("%5.0fs", wall.seconds()), "wall time");
        out.println();
        out.println("Figures");
        figures.forEach((k, v) -> out.printf("  %-40s %s%n", k, format(v)));
        out.flush();
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e12 ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.4f", v);
    }
}
