package dev.loupe.batch;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a batch run did.
 *
 * @param items    items in the input
 * @param skipped  items already in the output (from an earlier run), not scored again
 * @param scored   items this run wrote a row for (with a score or a failure)
 * @param defects  rows this run wrote whose label is the model's positive label
 * @param failures rows this run wrote without a score
 * @param elapsed  wall-clock time of the scoring
 */
public record BatchSummary(long items, long skipped, long scored, long defects, List<BatchRow> failures, Duration elapsed) {
    public BatchSummary {
        failures = List.copyOf(failures);
    }

    /** Items scored per second of wall-clock time. */
    public double imagesPerSecond() {
        double s = elapsed.toNanos() / 1e9;
        return s <= 0 ? 0 : scored / s;
    }

    /** Failures counted by reason (the text before the first colon: "corrupt image", "unreadable"...). */
    public Map<String, Long> failureReasons() {
        Map<String, Long> m = new TreeMap<>();
        for (BatchRow f : failures) {
            int colon = f.error().indexOf(':');
            m.merge(colon < 0 ? f.error() : f.error().substring(0, colon), 1L, Long::sum);
        }
        return m;
    }
}
