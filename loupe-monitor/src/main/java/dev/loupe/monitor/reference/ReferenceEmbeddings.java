package dev.loupe.monitor.reference;

import dev.loupe.core.image.ImageDecodeException;
import dev.loupe.core.image.Images;
import dev.loupe.core.inference.InferenceException;
import dev.loupe.core.model.ImageClassifier;
import dev.loupe.core.model.Prediction;
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
     * Embeds the images in their stream order.
     *
     * @return empty when the model has no embedding output, or when fewer than
     *         {@link EmbeddingReference#MIN_SIZE} images could be embedded
     */
    public static Optional<EmbeddingReference> of(ImageClassifier model, List<FolderImage> images)
            throws IOException, InferenceException {
        if (model.descriptor().embeddingOutput().isEmpty()) {
            return Optional.empty();
        }
        List<float[]> embeddings = new ArrayList<>(images.size());
        List<BufferedImage> batch = new ArrayList<>(BATCH);
        for (FolderImage image : images) {
            try {
                batch.add(Images.decode(Files.readAllBytes(image.path())));
            } catch (ImageDecodeException e) {
                continue; // the statistics skipped it too
            }
            if (batch.size() == BATCH) {
                embed(model, batch, embeddings);
            }
        }
        embed(model, batch, embeddings);
        if (embeddings.size() < EmbeddingReference.MIN_SIZE) {
            return Optional.empty();
        }
        return Optional.of(EmbeddingReference.of(embeddings, EmbeddingReference.COMPONENTS));
    }

    private static void embed(ImageClassifier model, List<BufferedImage> batch, List<float[]> out) throws InferenceException {
        for (Prediction p : model.classifyBatch(batch)) {
            p.embedding().ifPresent(out::add);
        }
        batch.clear();
    }
}
