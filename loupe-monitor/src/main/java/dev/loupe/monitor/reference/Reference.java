package dev.loupe.monitor.reference;

import dev.loupe.core.dataset.Sample;
import dev.loupe.core.image.ImageStats;
import dev.loupe.monitor.embedding.EmbeddingReference;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What "normal" looks like for one model version: the per-image statistics of the images it was
 * validated on, its scores on them, and (when known) their true labels. Monitors compare the live stream
 * against it; the performance estimator calibrates scores on it.
 *
 * @param model      the model's name
 * @param version    the model version
 * @param dataset    what the images came from ({@code NAME@ID}, or a folder)
 * @param positive   the label the score is the probability of ({@code defect})
 * @param threshold  the model's decision threshold: score {@code >=} threshold predicts {@code positive}
 * @param statistics each image statistic's reference values, by name ({@link ImageStats#NAMES} order)
 * @param scores     the model's scores on the reference images (may be empty: then no score or share monitor)
 * @param positives  for each score, whether the image truly is {@code positive}; empty when unlabelled
 * @param createdAt  when it was built
 * @param embedding  the model's embeddings of the reference images, projected; empty when the model has
 *                   no embedding output (then no embedding monitor)
 */
public record Reference(String model, String version, String dataset, String positive, double threshold,
                        Map<String, double[]> statistics, double[] scores, boolean[] positives, Instant createdAt,
                        Optional<EmbeddingReference> embedding) {

    public Reference {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(embedding, "embedding");
        statistics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(statistics));
        if (positives.length != 0 && positives.length != scores.length) {
            throw new IllegalArgumentException("labels (" + positives.length + ") and scores (" + scores.length
                    + ") differ in number");
        }
    }

    /** A reference without embeddings. */
    public Reference(String model, String version, String dataset, String positive, double threshold,
                     Map<String, double[]> statistics, double[] scores, boolean[] positives, Instant createdAt) {
        this(model, version, dataset, positive, threshold, statistics, scores, positives, createdAt, Optional.empty());
    }

    /** The same reference with the model's embeddings of the reference images. */
    public Reference withEmbedding(EmbeddingReference e) {
        return new Reference(model, version, dataset, positive, threshold, statistics, scores, positives, createdAt,
                Optional.of(e));
    }

    /**
     * A reference from a dataset version's samples (their statistics; unreadable files are skipped) and
     * the model's scores on the validation images, with their labels when known.
     *
     * @param scores    the model's scores, e.g. from evaluation on the validation split; may be empty
     * @param positives whether each scored image is truly positive; empty when unknown
     */
    public static Reference of(String model, String version, String dataset, String positive, double threshold,
                               List<Sample> samples, double[] scores, boolean[] positives, Instant createdAt) {
        List<ImageStats> stats = new ArrayList<>();
        for (Sample s : samples) {
            if (s.image() instanceof Sample.ImageInfo.Decoded d) {
                stats.add(d.stats());
            }
        }
        return ofStats(model, version, dataset, positive, threshold, stats, scores, positives, createdAt);
    }

    /** A reference from images' statistics directly (a folder, a synthetic stream). */
    public static Reference ofStats(String model, String version, String dataset, String positive, double threshold,
                                    List<ImageStats> stats, double[] scores, boolean[] positives, Instant createdAt) {
        Map<String, double[]> columns = new LinkedHashMap<>();
        for (String name : ImageStats.NAMES) {
            double[] column = new double[stats.size()];
            for (int i = 0; i < column.length; i++) {
                column[i] = stats.get(i).get(name);
            }
            columns.put(name, column);
        }
        return new Reference(model, version, dataset, positive, threshold, columns, scores.clone(), positives.clone(),
                createdAt);
    }

    /** Reference images. */
    public int size() {
        return statistics.values().stream().mapToInt(a -> a.length).max().orElse(0);
    }

    /** The share of reference scores at or above the threshold: how often the model says positive. */
    public double predictedPositiveShare() {
        if (scores.length == 0) {
            return Double.NaN;
        }
        return (double) Arrays.stream(scores).filter(s -> s >= threshold).count() / scores.length;
    }

    /** The model's error rate on the labelled reference, NaN when unlabelled. */
    public double errorRate() {
        if (positives.length == 0) {
            return Double.NaN;
        }
        int wrong = 0;
        for (int i = 0; i < scores.length; i++) {
            wrong += (scores[i] >= threshold) != positives[i] ? 1 : 0;
        }
        return (double) wrong / scores.length;
    }

    public boolean labelled() {
        return positives.length > 0;
    }
}
