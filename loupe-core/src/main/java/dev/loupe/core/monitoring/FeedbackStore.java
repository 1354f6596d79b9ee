package dev.loupe.core.monitoring;

import java.time.Instant;
import java.util.List;

/**
 * Labels given for served predictions ({@code POST /v1/feedback}). Several labels for one request are
 * all kept (two reviewers, a later return); readers take the newest. Adapters are thread-safe.
 */
public interface FeedbackStore {

    /** Records the feedback. The prediction need not be logged yet (the log writes asynchronously). */
    void add(Feedback feedback);

    /** Every feedback for a request, oldest first. */
    List<Feedback> forRequest(String requestId);

    /**
     * Feedback of one model's logged predictions given at or after {@code from}, joined with the
     * prediction, in the order the feedback was given, at most {@code limit}; the newest label per request.
     */
    List<LabelledPrediction> labelled(String model, Instant from, int limit);
}
