package dev.loupe.core.tracking;

import java.time.Instant;
import java.util.Objects;

/**
 * One value of a metric at one step, e.g. the validation loss after epoch 3. Values may be NaN or
 * infinite (a diverged loss) and are kept as such.
 *
 * @param timestamp when it was measured (kept to the millisecond)
 * @param step      the training step or epoch; 0 when the metric has no steps
 */
public record Metric(String key, double value, Instant timestamp, long step) {
    public Metric {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(timestamp, "timestamp");
        timestamp = Instant.ofEpochMilli(timestamp.toEpochMilli());
    }

    /** Orders values of one key so that the last is the run's current value: by step, then time. */
    public static int latestOrder(Metric a, Metric b) {
        int c = Long.compare(a.step, b.step);
        if (c == 0) {
            c = a.timestamp.compareTo(b.timestamp);
        }
        return c != 0 ? c : Double.compare(a.value, b.value);
    }
}
