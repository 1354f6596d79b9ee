package dev.loupe.data.labels;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One annotator measured against the consensus of the others: human-level performance. The reference for
 * the annotator's label of an item is the {@link Consensus#posteriorWithout(int, int) consensus computed
 * without that label}, so an annotator is not graded against its own vote; items no other annotator
 * labelled are not scored.
 *
 * @param annotator         the annotator's name
 * @param items             items scored
 * @param accuracy          share of scored items where the annotator gave the reference label (NaN with none)
 * @param positiveRecall    of the scored items whose reference is the positive label, the share the annotator
 *                          also called positive: the figure a model's recall is compared to (NaN with none,
 *                          or when the positive label is unknown)
 * @param positives         scored items whose reference is the positive label
 * @param estimatedAccuracy the accuracy Dawid-Skene estimated from the annotator's confusion matrix
 * @param confusion         reference label (rows) by the annotator's label (columns)
 */
public record AnnotatorScore(String annotator, int items, double accuracy, double positiveRecall, int positives,
                             double estimatedAccuracy, ConfusionMatrix confusion) {

    /** Scores every annotator of the consensus' table. */
    public static List<AnnotatorScore> of(Consensus consensus, Optional<String> positive) {
        LabelTable table = consensus.table();
        int pos = positive.map(p -> table.labels().indexOf(p)).orElse(-1);
        List<AnnotatorScore> scores = new ArrayList<>();
        for (int a = 0; a < table.annotatorCount(); a++) {
            int[][] counts = new int[table.labelCount()][table.labelCount()];
            for (int i = 0; i < table.itemCount(); i++) {
                int given = table.code(i, a);
                if (given == LabelTable.MISSING || table.ratings(i) < 2) {
                    continue;
                }
                counts[Consensus.argmax(consensus.posteriorWithout(i, a))][given]++;
            }
            ConfusionMatrix m = new ConfusionMatrix(table.labels(), counts);
            int n = m.total();
            int positives = pos < 0 ? 0 : m.rowTotal(pos);
            double recall = positives == 0 ? Double.NaN : (double) m.count(pos, pos) / positives;
            scores.add(new AnnotatorScore(table.annotators().get(a), n, n == 0 ? Double.NaN : (double) m.agreements() / n,
                    recall, positives, consensus.estimatedAccuracy(a), m));
        }
        return List.copyOf(scores);
    }
}
