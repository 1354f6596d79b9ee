package dev.loupe.data.labels;

import java.util.List;
import java.util.Optional;

/**
 * Human-level performance pooled over annotators: every scored label of every annotator against the
 * consensus of the others. The figure to write into {@code loupe.yaml}'s
 * {@code baselines.human_level_recall}: a model whose recall is below it is worse than a typical annotator.
 *
 * @param accuracy       pooled accuracy (NaN when nothing was scored)
 * @param positiveRecall pooled recall on the positive label (NaN when unknown or no positive items)
 * @param bestRecall     the best single annotator's recall on the positive label (NaN as above)
 * @param positive       the positive label, when the project names one
 */
public record HumanLevel(double accuracy, double positiveRecall, double bestRecall, Optional<String> positive) {

    public static HumanLevel of(List<AnnotatorScore> scores, Optional<String> positive) {
        int items = 0;
        int agree = 0;
        int positives = 0;
        double truePositives = 0;
        double best = Double.NaN;
        for (AnnotatorScore s : scores) {
            items += s.items();
            agree += s.confusion().agreements();
            if (s.positives() > 0) {
                positives += s.positives();
                truePositives += s.positiveRecall() * s.positives();
                best = Double.isNaN(best) ? s.positiveRecall() : Math.max(best, s.positiveRecall());
            }
        }
        return new HumanLevel(items == 0 ? Double.NaN : (double) agree / items,
                positives == 0 ? Double.NaN : truePositives / positives, best, positive);
    }
}
