package dev.loupe.server.mlflow;

/** A request the API refuses, answered as {@code {"error_code": ..., "message": ...}} with the code's status. */
final class MlflowException extends RuntimeException {
    final ErrorCode code;

    MlflowException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    static MlflowException invalid(String message) {
        return new MlflowException(ErrorCode.INVALID_PARAMETER_VALUE, message);
    }
}
