package dev.loupe.serve.rest;

import dev.loupe.core.monitoring.RequestIds;
import dev.loupe.serve.ServeException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes errors as the OIP REST spec says: the HTTP status and {@code {"error": "..."}}. An overloaded
 * server adds {@code Retry-After}. An internal error tells the client what failed and an error id, the
 * request's {@code X-Request-Id} when the answer has one, and logs the exception under that id
 * ({@link ErrorBody#internal}); client errors are not logged (they are the client's to read).
 */
final class RestErrors {
    private static final Logger LOG = LoggerFactory.getLogger(RestErrors.class);

    private final long retryAfterSeconds;

    RestErrors(long retryAfterSeconds) {
        this.retryAfterSeconds = retryAfterSeconds;
    }

    void send(ServerResponse res, ServeException e) {
        String message = e.getMessage();
        if (e.kind() == ServeException.Kind.INTERNAL) {
            message = ErrorBody.internal(LOG, message, e,
                    res.headers().first(InspectService.REQUEST_ID).orElseGet(RequestIds::next));
        }
        if (e.kind() == ServeException.Kind.OVERLOADED) {
            res.header(HeaderNames.RETRY_AFTER, Long.toString(Math.max(1, retryAfterSeconds)));
        }
        send(res, e.kind().httpStatus, message);
    }

    void send(ServerResponse res, int status, String message) {
        ErrorBody.send(res, Status.create(status), message);
    }
}
