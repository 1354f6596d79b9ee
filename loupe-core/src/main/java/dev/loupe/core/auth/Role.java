package dev.loupe.core.auth;

import java.util.Arrays;
import java.util.Locale;

/**
 * What an API token may do. Ordered: each role may do everything the roles before it may.
 */
public enum Role {
    /** An edge device or line software: sends images for inference and feedback labels. */
    DEVICE,
    /** Also reads: models, runs, datasets, monitoring, the console's pages. */
    VIEWER,
    /** Also changes what is served: promote, roll back, roll out, label in the console, log runs. */
    OPERATOR,
    /** Everything, including creating and revoking tokens. */
    ADMIN;

    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    /** The lower-case name users type and see ({@code device}, {@code viewer}...). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a role name in any case; the message lists the roles there are. */
    public static Role parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown role '" + s + "' (expected one of "
                    + Arrays.stream(values()).map(Role::label).toList() + ")");
        }
    }
}
