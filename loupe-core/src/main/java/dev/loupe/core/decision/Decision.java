package dev.loupe.core.decision;

import java.util.Locale;

/** What the line does with a part: let it pass, reject it, or send it to a person to look at. */
public enum Decision {
    PASS, REJECT, REVIEW;

    /** The lower-case name used in JSON and logs ({@code pass}, {@code reject}, {@code review}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Items a person looks at or that leave the line: their images are always kept when sampling. */
    public boolean keepImage() {
        return this != PASS;
    }
}
