package dev.loupe.core.store;

/** A store could not do what was asked: unreachable, misconfigured, or a failed statement. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
