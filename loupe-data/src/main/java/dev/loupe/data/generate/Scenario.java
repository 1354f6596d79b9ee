package dev.loupe.data.generate;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A production-stream scenario: what changes on the line over a stream of frames, and when.
 *
 * <p>Every change starts at the <em>onset</em>, frame {@code floor(0.3 * streamLength)}: the first 30% of a
 * stream is always the stable line, so a monitor has a reference to calibrate on. Gradual changes
 * ({@link #DIMMING}, {@link #DEFOCUS}) then ramp linearly to full strength at the last frame of the stream;
 * step changes ({@link #NEW_VARIANT}, {@link #NEW_DEFECT}, {@link #DEFECT_SURGE}) switch on at the onset.
 * Frames past the stream length stay at full strength. See {@code docs/data-generator.md}.
 */
public enum Scenario {
    /** No change: the reference line. */
    STABLE("stable"),
    /** The lamp dims: lighting falls from 1.0 at the onset to 0.45 at the end (darker images). */
    DIMMING("dimming"),
    /** The camera drifts out of focus: blur sigma grows by 2.5 px (at 128 px) from onset to end. */
    DEFOCUS("defocus"),
    /** From the onset, half the products are a colour never seen on the stable line ({@link Variant#CORAL}). */
    NEW_VARIANT("new-variant"),
    /** From the onset, half the defects are a type never seen on the stable line ({@link DefectType#CRACK}). */
    NEW_DEFECT("new-defect"),
    /** The defect rate is 2% before the onset and 10% from it (the requested defect rate is ignored). */
    DEFECT_SURGE("defect-surge");

    /** Fraction of the stream before any change starts. */
    public static final double ONSET_FRACTION = 0.3;

    private final String cliName;

    Scenario(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line and in manifests, e.g. {@code new-variant}. */
    public String cliName() {
        return cliName;
    }

    /**
     * The scenario with this name (case-insensitive).
     *
     * @throws IllegalArgumentException naming the valid scenarios when there is none
     */
    public static Scenario fromName(String name) {
        for (Scenario s : values()) {
            if (s.cliName.equalsIgnoreCase(name.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + name + "'; valid scenarios: " + names());
    }

    /** The valid names, comma-separated, in declaration order. */
    public static String names() {
        return Arrays.stream(values()).map(Scenario::cliName).collect(Collectors.joining(", "));
    }

    /** The first frame at which this scenario's change is in effect. */
    public static long onsetFrame(long streamLength) {
        return (long) Math.floor(ONSET_FRACTION * streamLength);
    }

    /** True from the onset on: whether a step change is in effect at this frame. */
    public static boolean active(long frame, long streamLength) {
        return frame >= onsetFrame(streamLength);
    }

    /** Strength of a gradual change at this frame: 0 up to the onset, rising linearly to 1 at the last frame. */
    public static double ramp(long frame, long streamLength) {
        long onset = onsetFrame(streamLength);
        long last = Math.max(onset + 1, streamLength - 1);
        if (frame <= onset) {
            return 0;
        }
        return Math.min(1.0, (double) (frame - onset) / (last - onset));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
