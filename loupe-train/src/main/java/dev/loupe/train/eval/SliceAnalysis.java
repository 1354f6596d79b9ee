package dev.loupe.train.eval;

import dev.loupe.core.dataset.Sample;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Error analysis by slice: the metrics for every value of every metadata column (lighting, variant,
 * defect type...) and of every annotator's label, ranked by how much each slice loses against the
 * whole set (see {@link SliceResult} for the loss). Numeric columns with more distinct values than
 * bins are banded into quantile bins; other columns are taken value by value. A sample without the
 * column falls in the slice {@code (missing)}. Pure: no I/O.
 */
public final class SliceAnalysis {

    public static final String MISSING = "(missing)";

    /** The column of an annotator's labels is {@code annotator:<name>}. */
    public static final String ANNOTATOR_COLUMN_PREFIX = "annotator:";

    private SliceAnalysis() {
    }

    /**
     * @param scored    the evaluated images
     * @param threshold the decision threshold
     * @param bins      quantile bins for numeric columns (e.g. 4)
     * @return slices, the most losing first
     */
    public static List<SliceResult> analyse(List<ScoredSample> scored, double threshold, int bins) {
        BinaryMetrics overall = BinaryMetrics.of(ScoredSample.scores(scored), ScoredSample.truths(scored), threshold);
        Map<String, Function<Sample, String>> columns = new LinkedHashMap<>();
        TreeSet<String> meta = new TreeSet<>();
        TreeSet<String> annotators = new TreeSet<>();
        for (ScoredSample s : scored) {
            meta.addAll(s.sample().metadata().keySet());
            annotators.addAll(s.sample().annotations().keySet());
        }
        meta.forEach(c -> columns.put(c, s -> s.metadata().get(c)));
        annotators.forEach(a -> columns.put(ANNOTATOR_COLUMN_PREFIX + a, s -> s.annotations().get(a)));

        List<SliceResult> out = new ArrayList<>();
        for (Map.Entry<String, Function<Sample, String>> col : columns.entrySet()) {
            Map<String, List<ScoredSample>> groups = group(scored, col.getValue(), bins);
            for (Map.Entry<String, List<ScoredSample>> g : groups.entrySet()) {
                out.add(result(col.getKey(), g.getKey(), g.getValue(), threshold, overall));
            }
        }
        out.sort(Comparator.comparingDouble(SliceResult::loss).reversed()
                .thenComparing(Comparator.comparingInt((SliceResult r) -> r.members().size()).reversed())
                .thenComparing(SliceResult::name));
        return out;
    }

    static SliceResult result(String column, String value, List<ScoredSample> members, double threshold,
                              BinaryMetrics overall) {
        BinaryMetrics m = BinaryMetrics.of(ScoredSample.scores(members), ScoredSample.truths(members), threshold);
        double recallDrop = m.confusion().positives() > 0 && !Double.isNaN(overall.recall())
                ? overall.recall() - m.recall() : Double.NEGATIVE_INFINITY;
        double frrRise = m.confusion().negatives() > 0 && !Double.isNaN(overall.falseRejectRate())
                ? m.falseRejectRate() - overall.falseRejectRate() : Double.NEGATIVE_INFINITY;
        boolean byRecall = recallDrop >= frrRise;
        double loss = Math.max(recallDrop, frrRise);
        return new SliceResult(column, value, m, Double.isInfinite(loss) ? 0 : loss,
                byRecall ? "recall" : "false_reject_rate", members);
    }

    private static Map<String, List<ScoredSample>> group(List<ScoredSample> scored, Function<Sample, String> column, int bins) {
        List<Double> numbers = new ArrayList<>();
        boolean numeric = true;
        for (ScoredSample s : scored) {
            String v = column.apply(s.sample());
            if (v == null || v.isBlank()) {
                continue;
            }
            Double d = parse(v);
            if (d == null) {
                numeric = false;
                break;
            }
            numbers.add(d);
        }
        Map<String, List<ScoredSample>> groups = new TreeMap<>();
        if (numeric && numbers.stream().distinct().count() > bins) {
            double[] edges = quantileEdges(numbers, bins);
            Map<Integer, List<ScoredSample>> byBin = new TreeMap<>();
            for (ScoredSample s : scored) {
                String v = column.apply(s.sample());
                if (v == null || v.isBlank()) {
                    groups.computeIfAbsent(MISSING, k -> new ArrayList<>()).add(s);
                } else {
                    byBin.computeIfAbsent(bin(parse(v), edges), k -> new ArrayList<>()).add(s);
                }
            }
            for (Map.Entry<Integer, List<ScoredSample>> b : byBin.entrySet()) {
                double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
                for (ScoredSample s : b.getValue()) {
                    double d = parse(column.apply(s.sample()));
                    lo = Math.min(lo, d);
                    hi = Math.max(hi, d);
                }
                groups.put(String.format(Locale.ROOT, "q%d [%s, %s]", b.getKey() + 1, fmt(lo), fmt(hi)), b.getValue());
            }
            return groups;
        }
        for (ScoredSample s : scored) {
            String v = column.apply(s.sample());
            groups.computeIfAbsent(v == null || v.isBlank() ? MISSING : v, k -> new ArrayList<>()).add(s);
        }
        return groups;
    }

    /** The bins-1 inner edges: the values at ranks floor(k n / bins); a value's bin counts the edges at or below it. */
    private static double[] quantileEdges(List<Double> values, int bins) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] edges = new double[bins - 1];
        for (int k = 1; k < bins; k++) {
            edges[k - 1] = sorted[(int) ((long) k * sorted.length / bins)];
        }
        return edges;
    }

    private static int bin(double v, double[] edges) {
        int b = 0;
        for (double e : edges) {
            if (v >= e) b++;
        }
        return b;
    }

    private static Double parse(String v) {
        try {
            double d = Double.parseDouble(v.strip());
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String fmt(double d) {
        return new java.math.BigDecimal(String.format(Locale.ROOT, "%.4g", d)).stripTrailingZeros().toPlainString();
    }
}
