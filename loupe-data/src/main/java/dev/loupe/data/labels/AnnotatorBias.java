package dev.loupe.data.labels;

import java.util.ArrayList;
import java.util.List;

/**
 * An annotator who systematically gives one label where the others' consensus says another, far more
 * often than the other annotators do: e.g. one who misses small pit marks labels {@code ok} on items
 * the others call {@code defect}.
 *
 * <p>Detection, per annotator and reference label with at least {@value #MIN_ITEMS} scored items: take the
 * label the annotator most often gives instead of the reference, its rate r_a among those items, and the
 * pooled rate r_o of the other annotators giving that same label on items of that reference. A bias is
 * reported when r_a - r_o >= {@value #MIN_EXCESS} and the one-sided two-proportion z-test
 * z = (r_a - r_o) / sqrt(p (1 - p) (1/n_a + 1/n_o)), p the pooled rate, is at least {@value #MIN_Z}
 * (p < 0.005): large enough to matter and unlikely to be chance. References come from
 * {@link AnnotatorScore} (consensus without the annotator's own label).
 *
 * @param annotator      who
 * @param referenceLabel what the others' consensus says
 * @param givenLabel     what this annotator says instead
 * @param rate           r_a
 * @param othersRate     r_o
 * @param items          the annotator's scored items with that reference
 */
public record AnnotatorBias(String annotator, String referenceLabel, String givenLabel, double rate,
                            double othersRate, int items) {

    static final int MIN_ITEMS = 5;
    static final double MIN_EXCESS = 0.15;
    static final double MIN_Z = 2.58;

    public static List<AnnotatorBias> find(List<AnnotatorScore> scores) {
        List<AnnotatorBias> found = new ArrayList<>();
        for (AnnotatorScore s : scores) {
            ConfusionMatrix m = s.confusion();
            int k = m.labels().size();
            for (int ref = 0; ref < k; ref++) {
                int n = m.rowTotal(ref);
                if (n < MIN_ITEMS) {
                    continue;
                }
                int given = -1;
                for (int g = 0; g < k; g++) {
                    if (g != ref && (given < 0 || m.count(ref, g) > m.count(ref, given))) {
                        given = g;
                    }
                }
                if (given < 0 || m.count(ref, given) == 0) {
                    continue;
                }
                int otherN = 0;
                int otherX = 0;
                for (AnnotatorScore o : scores) {
                    if (o != s) {
                        otherN += o.confusion().rowTotal(ref);
                        otherX += o.confusion().count(ref, given);
                    }
                }
                double rate = (double) m.count(ref, given) / n;
                double othersRate = otherN == 0 ? 0 : (double) otherX / otherN;
                if (otherN > 0 && rate - othersRate >= MIN_EXCESS
                        && z(m.count(ref, given), n, otherX, otherN) >= MIN_Z) {
                    found.add(new AnnotatorBias(s.annotator(), m.labels().get(ref), m.labels().get(given),
                            rate, othersRate, n));
                }
            }
        }
        return List.copyOf(found);
    }

    private static double z(int x1, int n1, int x2, int n2) {
        double p = (double) (x1 + x2) / (n1 + n2);
        double se = Math.sqrt(p * (1 - p) * (1.0 / n1 + 1.0 / n2));
        double diff = (double) x1 / n1 - (double) x2 / n2;
        return se == 0 ? (diff > 0 ? Double.POSITIVE_INFINITY : 0) : diff / se;
    }
}
