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
 * by gigabytes a day forever.
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
     */
    public record Result(Instant cutoff, long deleted, LoggedImages.Reclaimed images) {
    }

    /**
     * Deletes the predictions, then their images no record refers to any more. The images are listed before
     * the predictions go: a run stopped between the two steps leaves those images behind (no record points at
     * them, so only storage is lost).
     */
    public Result apply(MetadataStore store, BlobStore blobs) throws IOException {
        Instant cutoff = clock.instant().minus(keep);
        Set<BlobId> images = store.predictions().imagesBefore(cutoff);
        long deleted = store.predictions().deleteOlderThan(cutoff);
        LoggedImages.Reclaimed freed = new LoggedImages(blobs, store.packedImages()).reclaim(images, store.blobReferences());
        return new Result(cutoff, deleted, freed);
    }
}
