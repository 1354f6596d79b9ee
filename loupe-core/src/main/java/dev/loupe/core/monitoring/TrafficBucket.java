package dev.loupe.core.monitoring;

import dev.loupe.core.decision.Decision;
import dev.loupe.core.image.ImageStats;

import java.time.Instant;
import java.util.Objects;

/**
 * What one model version served in one time bucket: counts per decision and the means of what was logged.
 * Versions are kept apart: a shadow challenger logs a copy of every request its champion answers, so
 * adding them up would count the line's parts twice.
 *
 * @param model             the model's name
 * @param version           the model version that made the predictions
 * @param start             the bucket's start; the bucket is {@code [start, start + width)}
 * @param pass              predictions decided {@link Decision#PASS}
 * @param reject            predictions decided {@link Decision#REJECT}
 * @param review            predictions decided {@link Decision#REVIEW}
 * @param meanStats         the mean of each per-image statistic over the predictions where it is known (not
 *                          NaN, not a request without an image); NaN when none is
 * @param meanScore         the mean score over the predictions whose score is not NaN; NaN when none is
 * @param meanLatencyNanos  the mean serving latency, in nanoseconds
 */
public record TrafficBucket(String model, String version, Instant start, long pass, long reject, long review, ImageStats meanStats,
                            double meanScore, double meanLatencyNanos) {

    public TrafficBucket {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(meanStats, "meanStats");
    }

    /** Every prediction in the bucket. */
    public long total() {
        return pass + reject + review;
    }
}
