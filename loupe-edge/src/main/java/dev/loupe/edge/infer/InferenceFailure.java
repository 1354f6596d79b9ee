package dev.loupe.edge.infer;

/** No answer for an image: the server was unreachable, too slow, or refused it, and no fallback answered. */
public final class InferenceFailure extends Exception {

    /** What failed: the image itself (a camera fault) or the inference (server, model). */
    public enum Kind { CAMERA, INFERENCE }

    private final Kind kind;

    public InferenceFailure(String message) {
        this(Kind.INFERENCE, message, null);
    }

    public InferenceFailure(String message, Throwable cause) {
        this(Kind.INFERENCE, message, cause);
    }

    public InferenceFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
