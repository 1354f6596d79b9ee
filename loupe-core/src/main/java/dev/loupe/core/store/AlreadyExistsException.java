package dev.loupe.core.store;

/** A record could not be created or renamed because one with the same unique name exists. */
public class AlreadyExistsException extends RuntimeException {
    public AlreadyExistsException(String message) {
        super(message);
    }
}
