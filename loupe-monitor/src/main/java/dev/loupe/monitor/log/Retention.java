package dev.loupe.monitor.log;

import dev.loupe.core.monitoring.PredictionLog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The prediction log's retention policy: predictions older than {@code keep} are deleted. Sampled images
 * stay in the blob store (content-addressed, they may be shared with dataset versions).
 */
public record Retention(Duration keep, Clock clock) {

    public Retention {
        if (keep.isNegative() || keep.isZero()) {
            throw new IllegalArgumentException("retention must be positive, got " + keep);
        }
    }

    public record Result(Instant cutoff, long deleted) {
    }

    public Result apply(PredictionLog log) {
        Instant cutoff = clock.instant().minus(keep);
        return new Result(cutoff, log.deleteOlderThan(cutoff));
    }
}
