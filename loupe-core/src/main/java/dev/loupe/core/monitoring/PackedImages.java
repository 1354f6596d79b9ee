package dev.loupe.core.monitoring;

import dev.loupe.core.store.BlobId;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;

/**
 * Where each logged image lies inside a pack: the prediction recorder writes the images it keeps from
 * one batch as a single blob (a pack, the images back to back) instead of one blob each, and records
 * here where each one is. {@link LoggedImages} reads an image back by its own id through this index.
 *
 * <p>Contract: when an image is added again, its newest location replaces the one before (content
 * addressing: any copy has the same bytes). So an image logged again today is read from today's pack, and
 * retention can delete an old pack without taking today's prediction's image with it. Each pack is also recorded as
 * written, with the time, in the same step as its images' places, so that retention can find a pack that no deleted
 * prediction leads it to ({@link #emptyPacks}, {@link #unloggedPacks}). Safe for concurrent use.
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

    /**
     * Records where the images are, and their packs as written now, all or none; an image already recorded moves to its
     * new location, and a pack written again (the same bytes) takes the new time.
     */
    void add(List<PackedImage> images);

    /** Where an image is, when it was packed. */
    Optional<PackedImage> find(BlobId image);

    /**
     * The packs holding any of these images, each with every image the index places in it; a pack with an image
     * placed in it at or after {@code placedBefore} is left out (being written: the predictions that point into it
     * may not be logged yet).
     */
    Map<BlobId, Set<BlobId>> packsHolding(Collection<BlobId> images, Instant placedBefore);

    /**
     * Forgets every image placed in the pack, and the pack itself (its blob is gone or about to go), all or none;
     * returns how many images.
     */
    int forgetPack(BlobId pack);

    /**
     * Packs written before {@code writtenBefore} in which the index places no image any more: each was added again
     * in a newer pack (which may be forgotten since). Nothing reads them through the index; only their own id may
     * still be referred to (a pack of one image is that image's blob). In id order, from the first after
     * {@code after} (empty: from the first), at most {@code limit}.
     */
    List<BlobId> emptyPacks(Instant writtenBefore, Optional<BlobId> after, int limit);

    /**
     * Packs written before {@code writtenBefore} in which the index places images, none of which a logged prediction
     * refers to (the predictions were deleted, or never written), each with those images (none, should they all move
     * to a newer pack meanwhile). In id order, from the first after {@code after} (empty: from the first), at most
     * {@code limit}.
     */
    SequencedMap<BlobId, Set<BlobId>> unloggedPacks(Instant writtenBefore, Optional<BlobId> after, int limit);
}
