package dev.loupe.train.cnn;

/**
 * The exported ONNX model does not load in ONNX Runtime, or does not score as the trained network
 * does: a bug in the export, never something to retry.
 */
public class ParityException extends RuntimeException {
    public ParityException(String message) {
        super(message);
    }

    public ParityException(String message, Throwable cause) {
        super(message, cause);
    }
}
