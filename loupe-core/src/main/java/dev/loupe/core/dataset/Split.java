package dev.loupe.core.dataset;

import java.util.Locale;

/** Where a sample is used: fit on train, select on validation, report on test. */
public enum Split {
    TRAIN, VALIDATION, TEST;

    public String lower() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Split parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "train" -> TRAIN;
            case "validation", "val" -> VALIDATION;
            case "test" -> TEST;
            default -> throw new IllegalArgumentException("unknown split '" + s + "' (train, validation, test)");
        };
    }
}
