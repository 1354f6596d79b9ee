package dev.loupe.train;

import dev.loupe.core.dataset.Sample;
import dev.loupe.core.dataset.Split;
import dev.loupe.core.image.ImageDecodeException;
import dev.loupe.core.image.Images;
import dev.loupe.core.inference.InferenceException;
import dev.loupe.core.model.ImageClassifier;
import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.model.Prediction;
import dev.loupe.core.store.BlobStore;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a trainer learns from: a dataset version's samples (their bytes in the blob store) and the
 * project's X (input size, colour) and y (labels, the positive label).
 *
 * @param dataset  the dataset version, {@code NAME@ID}, recorded in the model's lineage
 * @param samples  every sample of the version; trainers use the labelled, readable ones
 * @param blobs    where the samples' bytes are; not closed by trainers
 * @param labels   the project's labels
 * @param positive the label the score is the probability of
 * @param width    the project's input width (x.width)
 * @param height   the project's input height (x.height)
 * @param colour   the project's colour mode (x.colour)
 */
public record TrainingData(String dataset, List<Sample> samples, BlobStore blobs, List<String> labels, String positive,
                           int width, int height, ModelDescriptor.Colour colour) {

    public TrainingData {
        samples = List.copyOf(samples);
        labels = List.copyOf(labels);
        if (!labels.contains(positive)) {
            throw new IllegalArgumentException("positive label '" + positive + "' is not one of " + labels);
        }
    }

    /** The labelled, readable samples of a split whose label is one of {@link #labels}, in path order. */
    public List<Sample> split(Split split) {
        return samples.stream()
                .filter(s -> s.split() == split && s.readable() && s.label().filter(labels::contains).isPresent())
                .toList();
    }

    /**
     * The readable samples whose label is not one of {@link #labels}, counted by label (sorted): trainers leave them
     * out, as they leave out unlabelled ones.
     */
    public SortedMap<String, Integer> otherLabels() {
        SortedMap<String, Integer> out = new TreeMap<>();
        samples.stream().filter(Sample::readable).map(Sample::label).flatMap(Optional::stream)
                .filter(l -> !labels.contains(l)).forEach(l -> out.merge(l, 1, Integer::sum));
        return out;
    }

    public boolean isPositive(Sample s) {
        return s.label().map(positive::equals).orElse(false);
    }

    /** Decodes a sample's image (with {@link Images#decode}, as serving does). */
    public BufferedImage image(Sample s) throws IOException {
        try {
            return Images.decode(blobs.read(s.blob()));
        } catch (ImageDecodeException e) {
            throw new IOException(s.path() + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code pkg}'s predictions for {@code samples}, in order, through the serving path ({@link ImageClassifier},
     * batches of {@value #PREDICT_BATCH}, one intra-op thread per core): how trainers score their own packages.
     */
    public List<Prediction> predict(ModelPackage pkg, List<Sample> samples) throws InferenceException, IOException {
        List<Prediction> out = new ArrayList<>(samples.size());
        try (ImageClassifier c = ImageClassifier.load(pkg, Math.max(1, Runtime.getRuntime().availableProcessors()))) {
            for (int from = 0; from < samples.size(); from += PREDICT_BATCH) {
                List<BufferedImage> batch = new ArrayList<>();
                for (Sample s : samples.subList(from, Math.min(samples.size(), from + PREDICT_BATCH))) {
                    batch.add(image(s));
                }
                out.addAll(c.classifyBatch(batch));
            }
        }
        return out;
    }

    private static final int PREDICT_BATCH = 32;
}
