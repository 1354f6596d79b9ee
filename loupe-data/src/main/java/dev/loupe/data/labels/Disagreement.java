package dev.loupe.data.labels;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An item whose annotators gave different labels.
 *
 * @param item                the item (image path)
 * @param votes               each annotator's label, annotators in table order
 * @param split               1 - the share of the most frequent label: 0.5 for a 1-1 or 2-2 split, 0.33 for 2-1
 * @param consensus           the consensus label
 * @param confidence          its posterior probability
 * @param minorityReliability the highest estimated accuracy among the annotators who disagree with the
 *                            consensus: a reliable annotator in the minority makes the consensus suspect
 */
public record Disagreement(String item, Map<String, String> votes, double split, String consensus,
                           double confidence, double minorityReliability) {

    public Disagreement {
        votes = Collections.unmodifiableMap(new LinkedHashMap<>(votes));
    }

    /** Worst first: the most split votes, then the most reliable minority, then the least confident consensus. */
    public static final Comparator<Disagreement> WORST_FIRST = Comparator
            .comparingDouble(Disagreement::split).reversed()
            .thenComparing(Comparator.comparingDouble(Disagreement::minorityReliability).reversed())
            .thenComparingDouble(Disagreement::confidence)
            .thenComparing(Disagreement::item);

    /** Every item with at least two different labels, worst first. */
    public static List<Disagreement> of(Consensus consensus) {
        LabelTable table = consensus.table();
        List<Disagreement> list = new ArrayList<>();
        for (int i = 0; i < table.itemCount(); i++) {
            int[] votes = table.votes(i);
            int distinct = 0;
            int top = 0;
            for (int v : votes) {
                distinct += v > 0 ? 1 : 0;
                top = Math.max(top, v);
            }
            if (distinct < 2) {
                continue;
            }
            int label = consensus.label(i);
            double minority = 0;
            for (int a = 0; a < table.annotatorCount(); a++) {
                int c = table.code(i, a);
                if (c != LabelTable.MISSING && c != label) {
                    minority = Math.max(minority, consensus.estimatedAccuracy(a));
                }
            }
            list.add(new Disagreement(table.items().get(i), table.row(i), 1 - (double) top / table.ratings(i),
                    consensus.labelName(i), consensus.confidence(i), minority));
        }
        list.sort(WORST_FIRST);
        return List.copyOf(list);
    }
}
