package dev.loupe.core.monitoring;

import java.time.Instant;
import java.util.Objects;

/**
 * A label given later for a served prediction: by the person who reviewed it, by a downstream test
 * station, by a customer return.
 *
 * @param requestId the prediction's request id
 * @param label     the true label as the source saw it
 * @param source    who or what gave it ({@code review}, {@code end-of-line-test}, an inspector's name)
 * @param time      when it was given
 */
public record Feedback(String requestId, String label, String source, Instant time) {
    public Feedback {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(time, "time");
        if (requestId.isBlank() || label.isBlank()) {
            throw new IllegalArgumentException("feedback needs a request id and a label");
        }
    }
}
