package dev.loupe.serve;

/**
 * A request the server answers with an error: its {@link Kind} decides the HTTP status and the gRPC
 * code, its message is what the client reads. Thrown by every layer (decoding, lookup, inference,
 * admission) and mapped once, at the protocol edge.
 */
public final class ServeException extends RuntimeException {

    /** What went wrong, with the HTTP status that says it. */
    public enum Kind {
        BAD_REQUEST(400), NOT_FOUND(404), PAYLOAD_TOO_LARGE(413), UNSUPPORTED_MEDIA_TYPE(415),
        OVERLOADED(503), INTERNAL(500);

        public final int httpStatus;

        Kind(int httpStatus) {
            this.httpStatus = httpStatus;
        }
    }

    private final Kind kind;

    public ServeException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ServeException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public static ServeException badRequest(String message) {
        return new ServeException(Kind.BAD_REQUEST, message);
    }

    public static ServeException notFound(String message) {
        return new ServeException(Kind.NOT_FOUND, message);
    }

    public Kind kind() {
        return kind;
    }
}
