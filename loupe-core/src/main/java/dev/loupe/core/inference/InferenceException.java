package dev.loupe.core.inference;

/**
 * Inference could not run. {@link #isClientError()} tells whether the request was at fault (wrong
 * shape, wrong type, unknown output: a 4xx) or the runtime failed (a 5xx).
 */
public class InferenceException extends Exception {
    private final boolean clientError;

    public InferenceException(String message, boolean clientError) {
        super(message);
        this.clientError = clientError;
    }

    public InferenceException(String message, boolean clientError, Throwable cause) {
        super(message, cause);
        this.clientError = clientError;
    }

    public boolean isClientError() {
        return clientError;
    }
}
