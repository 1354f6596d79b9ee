package dev.loupe.edge.record;

import dev.loupe.core.decision.Decision;
import dev.loupe.core.image.ImageStats;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What the station did with one image: the record the agent spools and the platform stores in its
 * prediction log (as the prediction with request id {@link #id()}).
 *
 * @param id           unique per image and stable across restarts of the agent; the platform stores a
 *                     record once per id however often it is sent
 * @param station      the inspection station
 * @param sequence     the spool's sequence number (1, 2, ...; gap-free per station's spool)
 * @param time         when the image was decided
 * @param source       where the image came from ({@code folder:a.png}, {@code synthetic:dimming#17}, {@code http:cam-4})
 * @param model        the model that scored it ({@code ""} when none answered)
 * @param version      that model's version
 * @param score        the defect score in [0, 1]; empty when no model answered
 * @param label        the predicted label ({@code ""} when none)
 * @param decision     what the line did
 * @param reason       why, for people ({@code score 0.82 >= threshold 0.5})
 * @param via          which inference path answered
 * @param latencyNanos time from the image's arrival to its decision
 * @param stats        the image's per-image statistics (for drift monitoring on the platform)
 */
public record EdgeRecord(String id, String station, long sequence, Instant time, String source, String model,
                         String version, OptionalDouble score, String label, Decision decision, String reason,
                         Via via, long latencyNanos, ImageStats stats) {

    /** Which inference path gave the score. */
    public enum Via {
        /** the station's own model, by configuration */
        LOCAL,
        /** the prediction server */
        REMOTE,
        /** the station's model because the server was unreachable or over budget */
        FALLBACK,
        /** nothing answered */
        NONE
    }

    public EdgeRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(station, "station");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(stats, "stats");
        if (id.isBlank() || id.length() > 200) {
            throw new IllegalArgumentException("a record id must be 1..200 characters, got '" + id + "'");
        }
    }

    /** The same record under another spool sequence number (the spool assigns it). */
    public EdgeRecord withSequence(long seq) {
        return new EdgeRecord(id, station, seq, time, source, model, version, score, label, decision, reason, via,
                latencyNanos, stats);
    }
}
