package dev.loupe.data.generate;

/**
 * A colour variant of the product (a phone back cover). The stable line makes {@link #GRAPHITE},
 * {@link #SILVER} and {@link #BLUE}; {@link #CORAL} appears only in {@link Scenario#NEW_VARIANT}.
 *
 * @see #red() the albedo of each channel, 0..1
 */
public enum Variant {
    GRAPHITE(0.09, 0.09, 0.10, 0.40),
    SILVER(0.70, 0.71, 0.73, 0.35),
    BLUE(0.13, 0.26, 0.56, 0.25),
    CORAL(0.86, 0.40, 0.33, 0.0);

    private final double red;
    private final double green;
    private final double blue;
    private final double stableShare;

    Variant(double red, double green, double blue, double stableShare) {
        this.red = red;
        this.green = green;
        this.blue = blue;
        this.stableShare = stableShare;
    }

    public double red() {
        return red;
    }

    public double green() {
        return green;
    }

    public double blue() {
        return blue;
    }

    /** Share of this variant on the stable line (0 for a variant the stable line never makes). */
    public double stableShare() {
        return stableShare;
    }

    /** Luma of the albedo (BT.601), used to pick whether a mark shows lighter or darker than the surface. */
    public double luma() {
        return 0.299 * red + 0.587 * green + 0.114 * blue;
    }

    /** The manifest spelling, e.g. {@code graphite}. */
    public String csv() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
