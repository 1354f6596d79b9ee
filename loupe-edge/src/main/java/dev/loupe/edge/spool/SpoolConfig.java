package dev.loupe.edge.spool;

/**
 * How much disk the spool may use and how it writes.
 *
 * @param maxBytes     the disk budget for segment files; past it new records are dropped (counted)
 * @param imageShare   fraction of the budget images may fill: past {@code imageShare * maxBytes}, new
 *                     records are spooled without their image (counted), so images go before records
 * @param segmentBytes a segment is closed and a new one started past this size
 * @param fsync        when appended records are forced to the disk
 */
public record SpoolConfig(long maxBytes, double imageShare, long segmentBytes, FsyncPolicy fsync) {
    public SpoolConfig {
        if (maxBytes < 1024 * 1024) {
            throw new IllegalArgumentException("the spool budget must be at least 1 MiB, got " + maxBytes + " bytes");
        }
        if (!(imageShare > 0 && imageShare <= 1)) {
            throw new IllegalArgumentException("image share must be in (0, 1], got " + imageShare);
        }
        if (segmentBytes < 64 * 1024 || segmentBytes > maxBytes) {
            throw new IllegalArgumentException("segment size must be 64 KiB .. the budget, got " + segmentBytes);
        }
    }

    /** 1 GiB, images up to 80% of it, 8 MiB segments, fsync every 200 ms. */
    public static SpoolConfig defaults() {
        return new SpoolConfig(1L << 30, 0.8, 8L << 20, new FsyncPolicy.Interval(java.time.Duration.ofMillis(200)));
    }

    public SpoolConfig withMaxBytes(long bytes) {
        return new SpoolConfig(bytes, imageShare, Math.min(segmentBytes, bytes), fsync);
    }

    public SpoolConfig withFsync(FsyncPolicy policy) {
        return new SpoolConfig(maxBytes, imageShare, segmentBytes, policy);
    }

    public SpoolConfig withSegmentBytes(long bytes) {
        return new SpoolConfig(maxBytes, imageShare, bytes, fsync);
    }
}
