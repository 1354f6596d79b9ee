package dev.loupe.data.validate;

import java.util.List;
import java.util.Locale;

/** The outcome of validation: fail on any error, warn on any warning, else pass (info findings are notes). */
public enum Verdict {
    PASS, WARN, FAIL;

    public static Verdict of(List<Finding> findings) {
        if (findings.stream().anyMatch(f -> f.severity() == Severity.ERROR)) {
            return FAIL;
        }
        return findings.stream().anyMatch(f -> f.severity() == Severity.WARNING) ? WARN : PASS;
    }

    public String lower() {
        return name().toLowerCase(Locale.ROOT);
    }
}
