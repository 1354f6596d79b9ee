package dev.loupe.monitor.reference;

import dev.loupe.core.dataset.Sample;
import dev.loupe.core.image.ImageDecodeException;
import dev.loupe.core.image.Images;
import dev.loupe.core.inference.InferenceException;
import dev.loupe.core.model.ImageClassifier;
import dev.loupe.core.model.Prediction;
import dev.loupe.core.store.BlobStore;
import dev.loupe.monitor.embedding.EmbeddingReference;
import dev.loupe.monitor.replay.FolderImage;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The embedding part of a reference: the model's embeddings of the reference images, through the same
 * inference path as serving ({@link ImageClassifier}), reduced to an {@link EmbeddingReference}.
 */
public final class ReferenceEmbeddings {
    private static final int BATCH = 32;

    private ReferenceEmbeddings() {
    }

    /**
     * Embeds a folder's images in their stream order.
     *
     * @return empty when the model has no embedding output, or when fewer than
     *         {@link EmbeddingReference#MIN_SIZE} images could be embedded
     */
    public static Optional<EmbeddingReference> of(ImageClassifier model, List<FolderImage> images)
            throws IOException, InferenceException {
        return embed(model, images, image -> Files.readAllBytes(image.path()));
    }

    /**
     * Embeds a dataset version's readable samples in the order given, reading their bytes from the blob store.
     *
     * @return empty as {@link #of(ImageClassifier, List)}
     */
    public static Optional<EmbeddingReference> ofSamples(ImageClassifier model, List<Sample> samples, BlobStore blobs)
            throws IOException, InferenceException {
        return embed(model, samples.stream().filter(Sample::readable).toList(), s -> blobs.read(s.blob()));
    }

    private interface Bytes<T> {
        byte[] of(T image) throws IOException;
    }

    private static <T> Optional<EmbeddingReference> embed(ImageClassifier model, List<T> images, Bytes<T> bytes)
            throws IOException, InferenceException {
        if (model.descriptor().embeddingOutput().isEmpty()) {
            return Optional.empty();
        }
        List<float[]> embeddings = new ArrayList<>(images.size());
        List<BufferedImage> batch = new ArrayList<>(BATCH);
        for (T image : images) {
            try {
                batch.add(Images.decode(bytes.of(image)));
            } catch (ImageDecodeException e) {
                continue; // the statistics skipped it too
            }
            if (batch.size() == BATCH) {
                flush(model, batch, embeddings);
            }
        }
        flush(model, batch, embeddings);
        if (embeddings.size() < EmbeddingReference.MIN_SIZE) {
            return Optional.empty();
        }
        return Optional.of(EmbeddingReference.of(embeddings, EmbeddingReference.COMPONENTS));
    }

    private static void flush(ImageClassifier model, List<BufferedImage> batch, List<float[]> out) throws InferenceException {
        for (Prediction p : model.classifyBatch(batch)) {
            p.embedding().ifPresent(out::add);
        }
        batch.clear();
    }
}
