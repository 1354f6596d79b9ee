package dev.loupe.server.console;

/**
 * What a caller may do, the same roles as the API's tokens. Ordered: each role may do everything the
 * roles before it may ({@code DEVICE} only logs predictions and reads nothing in the console).
 */
public enum Role {
    /** An edge device: sends images and feedback, sees no page. */
    DEVICE,
    /** Reads every page. */
    VIEWER,
    /** Also labels images and moves aliases (promote, roll back, roll out). */
    OPERATOR,
    /** Everything. */
    ADMIN;

    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }
}
