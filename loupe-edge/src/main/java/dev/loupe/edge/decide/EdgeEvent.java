package dev.loupe.edge.decide;

import dev.loupe.edge.record.EdgeRecord;

import java.time.Instant;

/** What the agent tells the line: a part's decision, or that the line must stop. */
public sealed interface EdgeEvent {

    String station();

    Instant time();

    /** One part decided; the record carries the decision and its reason. */
    record Decided(EdgeRecord record) implements EdgeEvent {
        @Override
        public String station() {
            return record.station();
        }

        @Override
        public Instant time() {
            return record.time();
        }
    }

    /**
     * Stop the line.
     *
     * @param cause  {@code rejects}, {@code inference}, {@code camera} or {@code spool}
     * @param reason for people ({@code 3 rejects in the last 20 parts})
     */
    record LineStop(String station, Instant time, String cause, String reason) implements EdgeEvent {
    }
}
