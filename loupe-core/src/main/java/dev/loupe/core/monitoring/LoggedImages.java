package dev.loupe.core.monitoring;

import dev.loupe.core.store.BlobId;
import dev.loupe.core.store.BlobIntegrityException;
import dev.loupe.core.store.BlobReferences;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.NoSuchBlobException;
import dev.loupe.core.store.Sha256;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;

/**
 * The images the prediction log keeps, stored in packs: {@link #keep} writes a batch's images as one
 * blob (the images back to back) and records each image's place in {@link PackedImages}, so keeping an
 * image costs a hash and a copy instead of a blob of its own (a file, an fsync and a rename each on the
 * file store, a PUT each on S3: ~0.25 ms of CPU and ~3 ms of wall time per image on the file store).
 * {@link #read} gives an image back by its own id, from its pack, or from a blob of its own (images kept
 * before packs, or copied into a dataset version).
 *
 * <p>An image's id is the SHA-256 of its bytes, as for any blob, so the prediction log, feedback and the
 * web console refer to it the same way wherever it is stored. Thread-safe.
 */
public final class LoggedImages {

    private final BlobStore blobs;
    private final PackedImages index;

    public LoggedImages(BlobStore blobs, PackedImages index) {
        this.blobs = blobs;
        this.index = index;
    }

    /**
     * Stores the images as one pack, durable when this returns (the pack first, then the index).
     *
     * @return each image's id, in the order given
     */
    public List<BlobId> keep(List<byte[]> images) throws IOException {
        List<BlobId> ids = new ArrayList<>(images.size());
        if (images.isEmpty()) {
            return ids;
        }
        Map<BlobId, long[]> placed = new LinkedHashMap<>();
        List<InputStream> parts = new ArrayList<>();
        long size = 0;
        for (byte[] image : images) {
            BlobId id = Sha256.of(image);
            ids.add(id);
            if (!placed.containsKey(id)) {
                placed.put(id, new long[]{size, image.length});
                parts.add(new ByteArrayInputStream(image));
                size += image.length;
            }
        }
        BlobId pack = blobs.put(new SequenceInputStream(Collections.enumeration(parts))); // streamed, not copied
        List<PackedImages.PackedImage> rows = new ArrayList<>(placed.size());
        placed.forEach((id, at) -> rows.add(new PackedImages.PackedImage(id, pack, at[0], (int) at[1])));
        index.add(rows);
        return ids;
    }

    /**
     * An image's bytes, verified against its id.
     *
     * @throws NoSuchBlobException     when the image was never kept (or its pack is gone)
     * @throws BlobIntegrityException  when the stored bytes no longer hash to the id
     */
    public byte[] read(BlobId image) throws IOException {
        var packed = index.find(image);
        if (packed.isEmpty()) {
            return blobs.read(image);
        }
        byte[] bytes = blobs.readRange(packed.get().pack(), packed.get().offset(), packed.get().length());
        BlobId actual = Sha256.of(bytes);
        if (!actual.equals(image)) {
            throw new BlobIntegrityException(image, actual.sha256());
        }
        return bytes;
    }

    /** What {@link #reclaim} deleted: packs, images that were blobs of their own, and their bytes. */
    public record Reclaimed(int packs, int ownBlobs, long bytes) {
        /** Both together. */
        public Reclaimed plus(Reclaimed o) {
            return new Reclaimed(packs + o.packs, ownBlobs + o.ownBlobs, bytes + o.bytes);
        }
    }

    /**
     * Deletes the storage of the images, of those given, that no record refers to any more (retention calls
     * this with the images of the predictions it deleted):
     * <ul>
     *   <li>a pack goes when every image in it that a record still refers to has a blob of its own (a dataset
     *       version's or a run's copy, read instead of the pack once the index forgets it), and no record refers
     *       to the pack itself. Its blob first, then its index rows: a crash between leaves rows that the next
     *       {@link #sweep} deletes. Otherwise the pack stays whole (packs are not rewritten) until a later reclaim or
     *       sweep meets it again;</li>
     *   <li>an image that is not in a pack (kept before packs) is a blob of its own, deleted. A packed image's
     *       blob of its own, if any, is not the log's: a dataset version or a run made it, and it stays.</li>
     * </ul>
     * An image logged again meanwhile is safe: {@link PackedImages#add} moves it to its new pack before its
     * prediction is written, and a pack with an image placed at or after {@code placedBefore} is left alone (its
     * predictions may not be written yet, so nothing refers to its images for a moment).
     */
    public Reclaimed reclaim(Collection<BlobId> images, BlobReferences references, Instant placedBefore) throws IOException {
        Set<BlobId> free = references.unreferenced(images);
        // every image's pack, not only the free ones': a pack whose images were all copied into a dataset goes too
        Map<BlobId, Set<BlobId>> packs = index.packsHolding(images, placedBefore);
        int packsDeleted = 0;
        int ownDeleted = 0;
        long bytes = 0;
        for (Map.Entry<BlobId, Set<BlobId>> entry : packs.entrySet()) {
            BlobId pack = entry.getKey();
            if (!canDelete(pack, entry.getValue(), references)) {
                continue;
            }
            long size = deletePack(pack);
            if (size >= 0) {
                packsDeleted++;
                bytes += size;
            }
        }
        Set<BlobId> packed = new HashSet<>();
        packs.values().forEach(packed::addAll);
        for (BlobId image : free) {
            if (packed.contains(image) || index.find(image).isPresent()) {
                continue; // in a pack: a recent one that stays, or a one-image pack, which is this very blob
            }
            long size = sizeIfAny(image);
            if (blobs.delete(image)) {
                ownDeleted++;
                bytes += size;
            }
        }
        return new Reclaimed(packsDeleted, ownDeleted, bytes);
    }

    /** How many packs a step of {@link #sweep} takes: their ids and images are held in memory meanwhile. */
    static final int SWEEP_PAGE = 500;

    /**
     * Deletes the packs no {@link #reclaim} meets, for no deleted prediction leads to them, when no record needs them
     * (the rule of {@code reclaim}). Retention calls this after reclaiming the deleted predictions' images:
     * <ul>
     *   <li>a pack written before {@code placedBefore} in which the index places no image any more: each image was
     *       logged again, and moved to a newer pack ({@link PackedImages#add}). Only its own id can still be referred
     *       to (a one-image pack is its image's blob, which a prediction or a dataset sample may name);</li>
     *   <li>a pack written before {@code unloggedBefore} (and {@code placedBefore}) whose images no logged prediction
     *       refers to: its predictions were never written (the append failed, the process died after the pack), or
     *       were deleted by a run that left the pack behind (it was in its grace period then, or the run stopped).
     *       Its images are reclaimed as those of deleted predictions are.</li>
     * </ul>
     * Blob first, then index rows, as {@code reclaim}: a stop in between leaves the pack's rows, which the next sweep
     * finds again and deletes. A pack that stays is looked at again by every sweep, until no record needs it. A pack
     * is only known from the time the index records packs as written (V32): one whose images had all moved on before
     * is never found.
     *
     * @param unloggedBefore the retention's cutoff: a pack written since may still have its predictions appended (an
     *                       edge upload, a writer retrying)
     * @param placedBefore   no pack written or placed in since is touched (the grace period)
     */
    public Reclaimed sweep(BlobReferences references, Instant unloggedBefore, Instant placedBefore) throws IOException {
        Reclaimed freed = new Reclaimed(0, 0, 0);
        List<BlobId> empty;
        for (Optional<BlobId> after = Optional.empty(); !(empty = index.emptyPacks(placedBefore, after, SWEEP_PAGE)).isEmpty();
             after = Optional.of(empty.getLast())) {
            Set<BlobId> unused = references.unreferenced(empty);
            for (BlobId pack : empty) {
                long size = unused.contains(pack) ? deletePack(pack) : -1;
                if (size >= 0) {
                    freed = freed.plus(new Reclaimed(1, 0, size));
                }
            }
        }
        Instant before = unloggedBefore.isBefore(placedBefore) ? unloggedBefore : placedBefore;
        SequencedMap<BlobId, Set<BlobId>> unlogged;
        for (Optional<BlobId> after = Optional.empty(); !(unlogged = index.unloggedPacks(before, after, SWEEP_PAGE)).isEmpty();
             after = Optional.of(unlogged.lastEntry().getKey())) {
            Set<BlobId> images = new HashSet<>();
            unlogged.values().forEach(images::addAll);
            freed = freed.plus(reclaim(images, references, placedBefore));
        }
        return freed;
    }

    /** Deletes the pack's blob, then its index rows; its size when the blob was there to delete, else -1. */
    private long deletePack(BlobId pack) throws IOException {
        long size = sizeIfAny(pack);
        boolean deleted = blobs.delete(pack);
        index.forgetPack(pack);
        return deleted ? size : -1;
    }

    /** Whether no record needs the pack: not the pack itself, nor any image in it that has no blob of its own. */
    private boolean canDelete(BlobId pack, Set<BlobId> inPack, BlobReferences references) throws IOException {
        Set<BlobId> asked = new HashSet<>(inPack);
        asked.add(pack);
        Set<BlobId> unused = references.unreferenced(asked);
        if (!unused.contains(pack)) {
            return false; // a one-image pack is that image's blob: the same bytes, the same id
        }
        for (BlobId image : inPack) {
            if (!unused.contains(image) && !blobs.exists(image)) {
                return false;
            }
        }
        return true;
    }

    private long sizeIfAny(BlobId id) throws IOException {
        try {
            return blobs.size(id);
        } catch (NoSuchBlobException e) {
            return 0;
        }
    }

    /** An image's size in bytes, without reading it. */
    public long size(BlobId image) throws IOException {
        var packed = index.find(image);
        return packed.isPresent() ? packed.get().length() : blobs.size(image);
    }
}
