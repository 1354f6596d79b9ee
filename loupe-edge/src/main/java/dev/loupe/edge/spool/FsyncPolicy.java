package dev.loupe.edge.spool;

import java.time.Duration;

/**
 * When the spool forces appended records to the disk. A record is safe from a killed agent as soon as
 * {@link Spool#append} returns (the bytes are in the operating system's cache); it is safe from a
 * power cut only once forced.
 */
public sealed interface FsyncPolicy {

    /** Force after every record: safest, slowest (one disk flush per image). */
    record Always() implements FsyncPolicy {
    }

    /** Force at most once per {@code interval}: a power cut loses at most that much. */
    record Interval(Duration interval) implements FsyncPolicy {
        public Interval {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("fsync interval must be positive, got " + interval);
            }
        }
    }

    /** Never force: leave it to the operating system. */
    record Never() implements FsyncPolicy {
    }

    /** Parses {@code always}, {@code never} or {@code interval:<ms>} ({@code interval:200}). */
    static FsyncPolicy parse(String s) {
        if (s.equals("always")) {
            return new Always();
        }
        if (s.equals("never")) {
            return new Never();
        }
        if (s.startsWith("interval:")) {
            try {
                return new Interval(Duration.ofMillis(Long.parseLong(s.substring(9))));
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
        }
        throw new IllegalArgumentException("fsync policy must be always, never or interval:<ms>, got '" + s + "'");
    }
}
