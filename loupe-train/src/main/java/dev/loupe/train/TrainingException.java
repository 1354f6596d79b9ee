package dev.loupe.train;

/** Training could not produce a model; the message says why and what to do. */
public class TrainingException extends Exception {
    public TrainingException(String message) {
        super(message);
    }

    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
