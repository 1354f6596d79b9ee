package dev.loupe.core.monitoring;

import dev.loupe.core.store.BlobId;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where each logged image lies inside a pack: the prediction recorder writes the images it keeps from
 * one batch as a single blob (a pack, the images back to back) instead of one blob each, and records
 * here where each one is. {@link LoggedImages} reads an image back by its own id through this index.
 *
 * <p>Contract: {@link #add} is idempotent per image: when an image is already recorded, its first
 * location stays (content addressing: any copy has the same bytes). Safe for concurrent use.
 */
public interface PackedImages {

    /**
     * One image inside a pack.
     *
     * @param image  the image's own id (SHA-256 of its bytes)
     * @param pack   the blob holding it
     * @param offset its first byte in the pack
     * @param length its size in bytes
     */
    record PackedImage(BlobId image, BlobId pack, long offset, int length) {
        public PackedImage {
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(pack, "pack");
            if (offset < 0 || length < 0) {
                throw new IllegalArgumentException("bad location: offset " + offset + ", length " + length);
            }
        }
    }

    /** Records where the images are; an image already recorded keeps its first location. */
    void add(List<PackedImage> images);

    /** Where an image is, when it was packed. */
    Optional<PackedImage> find(BlobId image);
}
