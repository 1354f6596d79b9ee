package dev.loupe.core.monitoring;

import dev.loupe.core.store.BlobId;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where each logged image lies inside a pack: the prediction recorder writes the images it keeps from
 * one batch as a single blob (a pack, the images back to back) instead of one blob each, and records
 * here where each one is. {@link LoggedImages} reads an image back by its own id through this index.
 *
 * <p>Contract: when an image is added again, its newest location replaces the one before (content
 * addressing: any copy has the same bytes). So an image logged again today is read from today's pack, and
 * retention can delete an old pack without taking today's prediction's image with it. Safe for concurrent use.
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

    /** Records where the images are; an image already recorded moves to its new location. */
    void add(List<PackedImage> images);

    /** Where an image is, when it was packed. */
    Optional<PackedImage> find(BlobId image);

    /**
     * The packs holding any of these images, each with every image the index places in it; a pack with an image
     * placed in it at or after {@code placedBefore} is left out (being written: the predictions that point into it
     * may not be logged yet).
     */
    Map<BlobId, Set<BlobId>> packsHolding(Collection<BlobId> images, Instant placedBefore);

    /** Forgets every image placed in the pack (its blob is gone or about to go); returns how many. */
    int forgetPack(BlobId pack);
}
