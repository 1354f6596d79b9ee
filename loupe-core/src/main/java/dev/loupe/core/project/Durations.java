package dev.loupe.core.project;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way Loupe writes a duration, in {@code loupe.yaml} ({@code canary_duration: 2h}) and on the command
 * line ({@code --interval 30s}): a number and a unit, {@code ms}, {@code s}, {@code m}, {@code h}, {@code d} or
 * {@code w}, such as {@code 90s}, {@code 30m}, {@code 1.5h}, {@code 7d}. A bare number has no unit and is not a
 * duration; there is no sign, so no duration is negative. Whether zero or a short duration makes sense is the
 * caller's to decide.
 */
public final class Durations {
    /** Examples for error messages. */
    public static final String EXAMPLES = "90s, 30m, 12h, 7d or 2w";

    private static final Pattern DURATION = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*(ms|s|m|h|d|w)");

    private Durations() {
    }

    /**
     * Parses {@code text}, ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException when it is not a number and a known unit
     */
    public static Duration parse(String text) {
        Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration such as " + EXAMPLES + ": '" + text + "'");
        }
        double v = Double.parseDouble(m.group(1));
        long unitMillis = switch (m.group(2)) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            case "d" -> 86_400_000;
            default -> 7 * 86_400_000L;
        };
        return Duration.ofMillis(Math.round(v * unitMillis));
    }
}
