package dev.loupe.cli.monitor;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Parses {@code --since}: an ISO-8601 instant ({@code 2025-03-01T06:00:00Z}) or an age ({@code 90m}, {@code 2h}, {@code 7d});
 * and the durations of options such as {@code --interval}.
 */
final class Since {
    private Since() {
    }

    static Instant parse(String s, Instant now) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return now.minus(duration(s));
            } catch (IllegalArgumentException notAnAge) {
                throw new IllegalArgumentException("not a time or an age: '" + s + "' (e.g. 2025-03-01T06:00:00Z, 90m, 2h, 7d)");
            }
        }
    }

    /**
     * The duration an option takes: {@code 30s}, {@code 10m}, {@code 2h}, {@code 7d} (whole seconds, minutes,
     * hours or days).
     *
     * @throws IllegalArgumentException naming the option and what it takes (a usage error)
     */
    static Duration duration(String option, String s) {
        try {
            return duration(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " takes a duration: a whole number of seconds, minutes, hours"
                    + " or days such as 1s, 30s, 10m, 2h, 7d (got '" + s + "')");
        }
    }

    /** {@code 30s}, {@code 10m}, {@code 2h}, {@code 7d}. */
    private static Duration duration(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        if (t.length() >= 2) {
            try {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                switch (t.charAt(t.length() - 1)) {
                    case 's' -> { return Duration.ofSeconds(n); }
                    case 'm' -> { return Duration.ofMinutes(n); }
                    case 'h' -> { return Duration.ofHours(n); }
                    case 'd' -> { return Duration.ofDays(n); }
                    default -> { }
                }
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("not a duration: '" + s + "'");
    }
}
