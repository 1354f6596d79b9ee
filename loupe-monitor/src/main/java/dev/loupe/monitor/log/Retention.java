package dev.loupe.monitor.log;

import dev.loupe.core.monitoring.LoggedImages;
import dev.loupe.core.store.BlobId;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.MetadataStore;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * The prediction log's retention policy: predictions older than {@code keep} are deleted, and so are the
 * images kept with them that nothing else refers to ({@link LoggedImages#reclaim}: an image copied into a
 * dataset version, say, stays). Without the second step a line that keeps its rejects grows the blob store
 * by gigabytes a day forever. Then the packs no deleted prediction leads to are swept ({@link LoggedImages#sweep}:
 * those whose images were all logged again, or whose predictions were never written).
 */
public record Retention(Duration keep, Clock clock) {

    public Retention {
        if (keep.isNegative() || keep.isZero()) {
            throw new IllegalArgumentException("retention must be positive, got " + keep);
        }
    }

    /**
     * @param cutoff  predictions made before this went
     * @param deleted how many predictions
     * @param images  what their images freed
     * @param swept   what the packs no deleted prediction leads to freed
     */
    public record Result(Instant cutoff, long deleted, LoggedImages.Reclaimed images, LoggedImages.Reclaimed swept) {
    }

    /**
     * How long a pack is left alone after an image was placed in it: the recorder (and an edge upload) writes the
     * pack, then the predictions that point into it, and in between no record refers to its images.
     */
    static final Duration PACK_GRACE = Duration.ofMinutes(10);

    /** How much of the log one step deletes: its images are held in memory meanwhile, so not a year's backlog at once. */
    static final Duration STEP = Duration.ofHours(1);

    /**
     * Deletes the predictions, then their images no record refers to any more, an hour of the log at a time from
     * the oldest prediction on, skipping the hours that hold none (a station whose clock started at 1970 would
     * otherwise cost two statements for each of the half a million hours since). Each hour's images are listed
     * before its predictions go: a run stopped between the two steps leaves those images behind (no record points
     * at them, so only storage is lost, until the sweep at the end of a later run: a pack written before the cutoff
     * whose images no prediction refers to goes then).
     */
    public Result apply(MetadataStore store, BlobStore blobs) throws IOException {
        Instant cutoff = clock.instant().minus(keep);
        LoggedImages images = new LoggedImages(blobs, store.packedImages());
        long deleted = 0;
        LoggedImages.Reclaimed freed = new LoggedImages.Reclaimed(0, 0, 0);
        Instant done = store.predictions().oldest().orElse(cutoff);
        while (done.isBefore(cutoff)) {
            Instant to = done.plus(STEP).isBefore(cutoff) ? done.plus(STEP) : cutoff;
            Set<BlobId> kept = store.predictions().imagesBefore(to);
            deleted += store.predictions().deleteOlderThan(to);
            freed = freed.plus(images.reclaim(kept, store.blobReferences(), clock.instant().minus(PACK_GRACE)));
            Instant next = store.predictions().oldest().orElse(cutoff);
            done = next.isAfter(to) ? next : to;
        }
        LoggedImages.Reclaimed swept = images.sweep(store.blobReferences(), cutoff, clock.instant().minus(PACK_GRACE));
        return new Result(cutoff, deleted, freed, swept);
    }
}
