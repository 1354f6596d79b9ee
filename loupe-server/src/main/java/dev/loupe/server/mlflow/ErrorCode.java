package dev.loupe.server.mlflow;

/**
 * MLflow's error codes and the HTTP status MLflow's own server answers each with
 * ({@code mlflow/exceptions.py}: {@code ERROR_CODE_TO_HTTP_STATUS}); clients branch on both.
 */
enum ErrorCode {
    INVALID_PARAMETER_VALUE(400),
    BAD_REQUEST(400),
    RESOURCE_ALREADY_EXISTS(400),
    RESOURCE_DOES_NOT_EXIST(404),
    ENDPOINT_NOT_FOUND(404),
    UNAUTHENTICATED(401),
    PERMISSION_DENIED(403),
    INTERNAL_ERROR(500);

    final int status;

    ErrorCode(int status) {
        this.status = status;
    }
}
