package dev.loupe.core.monitoring;

import dev.loupe.core.store.BlobId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every prediction served, for monitoring and for joining reviewed labels. Written in batches by the
 * prediction recorder, read in stream order by monitors and reports, trimmed by the retention policy.
 *
 * <p>Stream order is time order; predictions with the same millisecond keep the order they were
 * appended in. Adapters are thread-safe. Times are kept to the millisecond.
 */
public interface PredictionLog {

    /** Appends the predictions atomically (all or none), in list order. */
    void append(List<LoggedPrediction> batch);

    /** The predictions a query selects, oldest first. */
    List<LoggedPrediction> query(PredictionQuery query);

    /** The prediction with this request id, if logged (the newest one, should an id repeat). */
    Optional<LoggedPrediction> byRequestId(String requestId);

    /** How many predictions of a model were made in {@code [from, to)}. */
    long count(String model, Instant from, Instant to);

    /** Deletes every prediction made before {@code cutoff}; returns how many. Retention. */
    long deleteOlderThan(Instant cutoff);

    /** When the oldest prediction was made; empty when the log is empty. */
    Optional<Instant> oldest();

    /** The images kept with the predictions made before {@code cutoff}, each once: what retention may reclaim. */
    Set<BlobId> imagesBefore(Instant cutoff);
}
