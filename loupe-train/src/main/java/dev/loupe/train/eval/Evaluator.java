package dev.loupe.train.eval;

import dev.loupe.core.dataset.Sample;
import dev.loupe.core.image.ImageDecodeException;
import dev.loupe.core.inference.InferenceException;
import dev.loupe.core.model.ImageClassifier;
import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.core.store.BlobStore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Evaluates a model on labelled samples through {@link ImageClassifier}, the same path serving uses:
 * each image is decoded and classified on its own, so the latency is what one request costs.
 * Samples that are unreadable or whose label is not one of the model's labels are skipped, and counted
 * ({@link Evaluation#skipped()}).
 */
public final class Evaluator {

    private final int bins;

    /** @param bins quantile bins for numeric slice columns */
    public Evaluator(int bins) {
        if (bins < 2) {
            throw new IllegalArgumentException("at least 2 bins, got " + bins);
        }
        this.bins = bins;
    }

    /**
     * @param classifier   the model (not closed here)
     * @param dataset      the dataset version's name, {@code NAME@ID}
     * @param split        the split's name, for the report
     * @param samples      the samples to evaluate
     * @param blobs        where their bytes are
     * @param targetRecall the project's target recall
     * @throws IllegalArgumentException when no sample is usable
     */
    public Evaluation evaluate(ImageClassifier classifier, String dataset, String split, List<Sample> samples,
                               BlobStore blobs, double targetRecall) throws IOException, InferenceException {
        ModelDescriptor d = classifier.descriptor();
        List<ScoredSample> scored = new ArrayList<>();
        boolean warm = false;
        int unreadable = 0;
        int unlabelled = 0;
        SortedMap<String, Integer> unknownLabels = new TreeMap<>();
        for (Sample s : samples) {
            if (!s.readable()) {
                unreadable++;
                continue;
            }
            if (s.label().isEmpty()) {
                unlabelled++;
                continue;
            }
            if (!d.labels().contains(s.label().get())) {
                unknownLabels.merge(s.label().get(), 1, Integer::sum);
                continue;
            }
            byte[] bytes = blobs.read(s.blob());
            if (!warm) {
                warmUp(classifier, bytes); // ONNX Runtime's first run allocates: not what a request costs
                warm = true;
            }
            long start = System.nanoTime();
            double score;
            try {
                score = classifier.classify(bytes).score();
            } catch (ImageDecodeException e) {
                unreadable++; // the import recorded it as readable, yet it is not: skip like any unreadable sample
                continue;
            }
            long nanos = System.nanoTime() - start;
            scored.add(new ScoredSample(s, s.label().get().equals(d.positive()), score, nanos));
        }
        if (scored.isEmpty()) {
            throw new IllegalArgumentException("no labelled, readable images with labels " + d.labels() + " in split " + split
                    + (unknownLabels.isEmpty() ? "" : " (its images are labelled " + counts(unknownLabels)
                    + ": not labels of the model)"));
        }
        double[] scores = ScoredSample.scores(scored);
        boolean[] truths = ScoredSample.truths(scored);
        BinaryMetrics overall = BinaryMetrics.of(scores, truths, d.threshold());
        Optional<ThresholdChoice> atTarget = overall.confusion().positives() == 0 ? Optional.empty()
                : Optional.of(ThresholdChoice.forRecall(scores, truths, targetRecall));
        long[] nanos = scored.stream().mapToLong(ScoredSample::latencyNanos).toArray();
        return new Evaluation(d.name(), classifier.modelPackage().sha256(), dataset, split, overall, atTarget,
                Latency.ofNanos(nanos), SliceAnalysis.analyse(scored, d.threshold(), bins), scored,
                new Evaluation.Skipped(unreadable, unlabelled, unknownLabels));
    }

    /** {@code defect 3, ok 12}. */
    static String counts(Map<String, Integer> byLabel) {
        return byLabel.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static void warmUp(ImageClassifier classifier, byte[] bytes) throws InferenceException {
        try {
            classifier.classify(bytes);
        } catch (ImageDecodeException e) {
            // measured (and skipped) in the loop like any other image
        }
    }
}
