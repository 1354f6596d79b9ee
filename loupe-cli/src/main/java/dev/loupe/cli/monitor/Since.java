package dev.loupe.cli.monitor;

import dev.loupe.cli.DurationOption;
import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.UserException;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Parses {@code --since} and {@code --start}: an ISO-8601 instant ({@code 2025-03-01T06:00:00Z}) or an age above
 * zero ({@code 90m}, {@code 2h}, {@code 7d}; a duration as {@link DurationOption} reads one).
 */
final class Since {
    private Since() {
    }

    /** @throws UserException a usage error naming {@code option} */
    static Instant parse(String option, String s, Instant now) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return now.minus(DurationOption.positive(option, s));
            } catch (UserException notAnAge) {
                throw new UserException(ExitCodes.USAGE, option + " takes a time or an age above 0 such as"
                        + " 2025-03-01T06:00:00Z, 90m, 2h, 7d (got '" + s + "')");
            }
        }
    }
}
