package dev.loupe.core.model;

/** A model package is unreadable or inconsistent: a missing file, a bad descriptor, a model that does not match it. */
public class ModelPackageException extends RuntimeException {
    public ModelPackageException(String message) {
        super(message);
    }

    public ModelPackageException(String message, Throwable cause) {
        super(message, cause);
    }
}
