package dev.loupe.monitor.reference;

import dev.loupe.core.dataset.Sample;
import dev.loupe.core.dataset.Split;
import dev.loupe.core.inference.InferenceException;
import dev.loupe.core.model.ImageClassifier;
import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.core.store.BlobStore;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * The monitoring reference of a model version made from the dataset version it was trained on; what the
 * pipeline's register step and the quickstart save for the versions they register, so a version gets the
 * same detectors however it was registered.
 *
 * <ul>
 *   <li>image statistics: the version's training images (every per-image statistic monitor);</li>
 *   <li>scores and labels: the model's, on the validation images, as the caller evaluated them (score and
 *       share monitors, the performance estimate);</li>
 *   <li>embedding: when the model has an embedding output, its embeddings of the images it never trained on
 *       (validation and test, in the version's order; training images embed tighter than live ones, so the
 *       detector would false-alarm), through {@link ReferenceEmbeddings}, as {@code loupe monitor reference}
 *       does for a folder; none with fewer than
 *       {@link dev.loupe.monitor.embedding.EmbeddingReference#MIN_SIZE} of them.</li>
 * </ul>
 */
public final class DatasetReference {

    private DatasetReference() {
    }

    /**
     * @param model     the model version's classifier (the caller closes it)
     * @param name      the registered model's name
     * @param version   the model version
     * @param dataset   the dataset version, {@code NAME@ID}
     * @param samples   all of the dataset version's samples
     * @param blobs     where their bytes are
     * @param scores    the model's scores on the validation images
     * @param positives for each score, whether the image is truly positive; empty when unknown
     */
    public static Reference build(ImageClassifier model, String name, String version, String dataset,
                                  List<Sample> samples, BlobStore blobs, double[] scores, boolean[] positives,
                                  Instant createdAt) throws IOException, InferenceException {
        ModelDescriptor d = model.descriptor();
        Reference reference = Reference.of(name, version, dataset, d.positive(), d.threshold(),
                samples.stream().filter(s -> s.split() == Split.TRAIN).toList(), scores, positives, createdAt);
        List<Sample> unseen = samples.stream().filter(s -> s.split() != Split.TRAIN).toList();
        return ReferenceEmbeddings.ofSamples(model, unseen, blobs).map(reference::withEmbedding).orElse(reference);
    }
}
