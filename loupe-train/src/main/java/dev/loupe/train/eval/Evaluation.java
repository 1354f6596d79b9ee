package dev.loupe.train.eval;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A model evaluated on a dataset split.
 *
 * @param model     the model's name
 * @param modelSha  the model package's identity
 * @param dataset   the dataset version, {@code NAME@ID}
 * @param split     the split evaluated ({@code test})
 * @param overall   metrics at the model's own threshold
 * @param atTarget  the threshold meeting the project's target recall and its false-reject rate; empty
 *                  when the split has no defects
 * @param latency   per-image latency
 * @param slices    error analysis, the most losing slice first
 * @param scored    every image's score
 * @param skipped   the samples given that were not evaluated, and why
 */
public record Evaluation(String model, String modelSha, String dataset, String split, BinaryMetrics overall,
                         Optional<ThresholdChoice> atTarget, Latency latency, List<SliceResult> slices,
                         List<ScoredSample> scored, Skipped skipped) {

    public Evaluation {
        slices = List.copyOf(slices);
        scored = List.copyOf(scored);
    }

    /**
     * Samples left out of the evaluation.
     *
     * @param unreadable    recorded as unreadable at import, or not decodable now
     * @param unlabelled    without a label
     * @param unknownLabels those whose label is not among the model's, by label (sorted)
     */
    public record Skipped(int unreadable, int unlabelled, SortedMap<String, Integer> unknownLabels) {
        public Skipped {
            unknownLabels = Collections.unmodifiableSortedMap(new TreeMap<>(unknownLabels));
        }

        public int unknownLabel() {
            return unknownLabels.values().stream().mapToInt(Integer::intValue).sum();
        }

        public int total() {
            return unreadable + unlabelled + unknownLabel();
        }
    }
}
