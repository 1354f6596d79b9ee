package dev.loupe.core.monitoring;

import dev.loupe.core.decision.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The read side of the prediction log for people looking at it (the web console): aggregates over a
 * time range and the newest predictions first. Each call is one indexed query whose cost is bounded by
 * its time range or its limit, so a page stays fast over a log of millions of predictions.
 * Adapters are thread-safe.
 */
public interface PredictionSummaries {

    /**
     * Per model version and per {@code bucket} of {@code [from, to)}: counts per decision and means. Buckets
     * are aligned on {@code from} ({@code start = from + k * bucket}); empty buckets are left out. Ordered by
     * model, then version, then start.
     *
     * @param model one model, or every model when empty
     * @throws IllegalArgumentException when the bucket is shorter than a millisecond or the range is reversed
     */
    List<TrafficBucket> traffic(Optional<String> model, Instant from, Instant to, Duration bucket);

    /** The predictions a query selects, newest first (the opposite of {@link PredictionLog#query}). */
    List<LoggedPrediction> newest(PredictionQuery query);

    /**
     * The review queue: predictions of any model decided {@link Decision#REVIEW} for which no
     * {@link Feedback} was given yet, newest first, at most {@code limit}.
     */
    List<LoggedPrediction> awaitingReview(int limit);
}
