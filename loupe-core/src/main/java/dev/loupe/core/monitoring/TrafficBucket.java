package dev.loupe.core.monitoring;

import dev.loupe.core.decision.Decision;
import dev.loupe.core.image.ImageStats;

import java.time.Instant;
import java.util.Objects;

/**
 * What one model served in one time bucket: counts per decision and the means of what was logged.
 *
 * @param model             the model's name
 * @param start             the bucket's start; the bucket is {@code [start, start + width)}
 * @param pass              predictions decided {@link Decision#PASS}
 * @param reject            predictions decided {@link Decision#REJECT}
 * @param review            predictions decided {@link Decision#REVIEW}
 * @param meanStats         the mean of each per-image statistic over the predictions where it is known (not
 *                          NaN, not a request without an image); NaN when none is
 * @param meanScore         the mean score over the predictions whose score is not NaN; NaN when none is
 * @param meanLatencyNanos  the mean serving latency, in nanoseconds
 */
public record TrafficBucket(String model, Instant start, long pass, long reject, long review, ImageStats meanStats,
                            double meanScore, double meanLatencyNanos) {

    public TrafficBucket {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(meanStats, "meanStats");
    }

    /** Every prediction in the bucket. */
    public long total() {
        return pass + reject + review;
    }
}
