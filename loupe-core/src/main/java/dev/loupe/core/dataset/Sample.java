package dev.loupe.core.dataset;

import dev.loupe.core.image.ImageStats;
import dev.loupe.core.store.BlobId;

import java.util.Map;
import java.util.Optional;

/**
 * One image of a dataset version.
 *
 * @param path        the file's path relative to the imported root ({@code good/0001.png}); unique in a version
 * @param blob        the file's bytes in the blob store
 * @param label       the label used for training: the only label, or the consensus of annotators; empty when unlabelled
 * @param annotations each annotator's label by annotator name (empty without annotator columns)
 * @param split       train, validation or test, stable for the same content
 * @param metadata    every other manifest column (lighting, variant, defect type...), for slicing
 * @param image       what decoding found: format and size, or why the file is unreadable
 */
public record Sample(String path, BlobId blob, Optional<String> label, Map<String, String> annotations,
                     Split split, Map<String, String> metadata, ImageInfo image) {

    public Sample {
        annotations = Map.copyOf(annotations);
        metadata = Map.copyOf(metadata);
    }

    /** What decoding a sample's file found. */
    public sealed interface ImageInfo {
        /** A readable image, with its per-image statistics. */
        record Decoded(String format, int width, int height, int channels, ImageStats stats) implements ImageInfo {
        }

        /** A file that is not a readable image, and why. */
        record Unreadable(String reason) implements ImageInfo {
        }
    }

    public boolean readable() {
        return image instanceof ImageInfo.Decoded;
    }
}
