package dev.loupe.core.monitoring;

import java.time.Instant;
import java.util.Optional;

/**
 * Which logged predictions to read: one model (optionally one version), a half-open time range
 * {@code [from, to)}, at most {@code limit} of them, oldest first.
 */
public record PredictionQuery(String model, Optional<String> version, Instant from, Instant to, int limit) {

    public PredictionQuery {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("time range ends (" + to + ") before it starts (" + from + ")");
        }
    }

    /** Every version of a model, from {@code from} on, up to {@code limit} predictions. */
    public static PredictionQuery since(String model, Instant from, int limit) {
        return new PredictionQuery(model, Optional.empty(), from, Instant.ofEpochMilli(Long.MAX_VALUE / 2), limit);
    }

    public PredictionQuery withVersion(String v) {
        return new PredictionQuery(model, Optional.of(v), from, to, limit);
    }
}
