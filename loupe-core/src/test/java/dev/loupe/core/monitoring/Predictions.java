package dev.loupe.core.monitoring;

import dev.loupe.core.decision.Decision;
import dev.loupe.core.image.ImageStats;
import dev.loupe.core.store.BlobId;

import java.time.Instant;
import java.util.Optional;

/** Logged predictions for tests: distinct, recognisable values. */
public final class Predictions {
    private Predictions() {
    }

    public static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");

    /** Prediction {@code i} of a model, {@code i} seconds after {@link #T0}. */
    public static LoggedPrediction of(String model, int i) {
        return at(model, "1", "r-" + model + "-" + i, T0.plusSeconds(i), i);
    }

    public static LoggedPrediction at(String model, String version, String requestId, Instant time, int i) {
        double b = 0.4 + (i % 100) / 1000.0;
        return new LoggedPrediction(time, model, version, "station-" + (i % 2), requestId,
                new ImageStats(b, 0.1, 0.01 + i / 1e6, b, b + 0.01, b - 0.01, 0.05),
                (i % 10) / 10.0, i % 10 >= 5 ? "defect" : "good",
                i % 10 >= 7 ? Decision.REJECT : i % 10 >= 5 ? Decision.REVIEW : Decision.PASS,
                1_000_000L + i, Optional.empty());
    }

    /** The same prediction as if served from a preprocessed tensor: no image, so no statistics. */
    public static LoggedPrediction withoutStats(LoggedPrediction p) {
        return new LoggedPrediction(p.time(), p.model(), p.version(), p.station(), p.requestId(), Optional.empty(),
                p.score(), p.label(), p.decision(), p.latencyNanos(), p.image(), p.embedding());
    }

    public static BlobId blob(char c) {
        return BlobId.of(String.valueOf(c).repeat(64));
    }
}
