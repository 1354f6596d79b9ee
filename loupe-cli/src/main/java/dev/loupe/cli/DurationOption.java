package dev.loupe.cli;

import dev.loupe.core.project.Durations;

import java.time.Duration;

/**
 * The durations command-line options take ({@code --interval 30s}, {@code --hold 1h}, the age in {@code --since 7d}),
 * read as {@code loupe.yaml} reads its durations ({@link Durations}): a number and a unit, such as 500ms, 30s,
 * 10m, 1.5h, 7d, 2w. No option takes zero or a negative duration: an interval of nothing would spin, a hold of
 * nothing never holds, an age of nothing is an empty window.
 */
public final class DurationOption {
    private static final String EXAMPLES = "30s, 10m, 2h or 7d";

    private DurationOption() {
    }

    /**
     * {@code text} as a duration above zero.
     *
     * @throws UserException a usage error naming {@code option} and giving examples
     */
    public static Duration positive(String option, String text) {
        Duration d = parse(option, text, "above 0");
        if (d.isZero()) {
            throw refused(option, text, "above 0");
        }
        return d;
    }

    /**
     * {@code text} as a duration of at least {@code least} (which is above zero), for what runs every so often.
     *
     * @throws UserException a usage error naming {@code option} and giving examples
     */
    public static Duration atLeast(String option, String text, Duration least) {
        String bound = "of at least " + least.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
        Duration d = parse(option, text, bound);
        if (d.compareTo(least) < 0) {
            throw refused(option, text, bound);
        }
        return d;
    }

    private static Duration parse(String option, String text, String bound) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw refused(option, text, bound);
        }
    }

    private static UserException refused(String option, String text, String bound) {
        return new UserException(ExitCodes.USAGE, option + " takes a duration " + bound + ": a number and a unit"
                + " (ms, s, m, h, d, w) such as " + EXAMPLES + " (got '" + text + "')");
    }
}
