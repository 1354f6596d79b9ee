package dev.loupe.data.version;

import dev.loupe.core.dataset.Split;

import java.util.Locale;

/**
 * The shares of train, validation and test when an import assigns splits. Each is in [0, 1] and they sum
 * to 1 (within 0.001).
 */
public record SplitRatios(double train, double validation, double test) {

    public static final SplitRatios DEFAULT = new SplitRatios(0.7, 0.15, 0.15);

    public SplitRatios {
        for (double r : new double[]{train, validation, test}) {
            if (!(r >= 0 && r <= 1)) {
                throw new IllegalArgumentException("split ratios must be between 0 and 1: " + train + "," + validation + "," + test);
            }
        }
        if (Math.abs(train + validation + test - 1) > 1e-3) {
            throw new IllegalArgumentException("split ratios must sum to 1: " + train + "," + validation + "," + test);
        }
        if (train == 0) {
            throw new IllegalArgumentException("the train ratio must be above 0");
        }
    }

    /** Parses {@code TRAIN,VALIDATION,TEST}, e.g. {@code 0.7,0.15,0.15}. */
    public static SplitRatios parse(String s) {
        String[] parts = s.split(",");
        if (parts.length != 3) {
            throw new IllegalArgumentException("--split wants three ratios TRAIN,VALIDATION,TEST such as 0.7,0.15,0.15, got '" + s + "'");
        }
        try {
            return new SplitRatios(Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip()),
                    Double.parseDouble(parts[2].strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--split wants numbers, got '" + s + "'");
        }
    }

    public double of(Split split) {
        return switch (split) {
            case TRAIN -> train;
            case VALIDATION -> validation;
            case TEST -> test;
        };
    }

    /** The canonical spelling, part of a version's content hash. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s,%s,%s", trim(train), trim(validation), trim(test));
    }

    private static String trim(double d) {
        return new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }
}
