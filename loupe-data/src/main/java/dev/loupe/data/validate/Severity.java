package dev.loupe.data.validate;

import java.util.Locale;

/** How much a finding matters: an error fails validation, a warning makes it "warn", info is a note. */
public enum Severity {
    ERROR, WARNING, INFO;

    public String lower() {
        return name().toLowerCase(Locale.ROOT);
    }
}
