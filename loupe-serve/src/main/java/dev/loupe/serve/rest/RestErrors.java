package dev.loupe.serve.rest;

import dev.loupe.serve.ServeException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes errors as the OIP REST spec says: the HTTP status and {@code {"error": "..."}}. An overloaded
 * server adds {@code Retry-After}. Internal errors are logged; client errors are not (they are the
 * client's to read).
 */
final class RestErrors {
    private static final Logger LOG = LoggerFactory.getLogger(RestErrors.class);

    private final long retryAfterSeconds;

    RestErrors(long retryAfterSeconds) {
        this.retryAfterSeconds = retryAfterSeconds;
    }

    void send(ServerResponse res, ServeException e) {
        if (e.kind() == ServeException.Kind.INTERNAL) {
            LOG.error("request failed: {}", e.getMessage(), e);
        }
        if (e.kind() == ServeException.Kind.OVERLOADED) {
            res.header(HeaderNames.RETRY_AFTER, Long.toString(Math.max(1, retryAfterSeconds)));
        }
        send(res, e.kind().httpStatus, e.getMessage());
    }

    void send(ServerResponse res, int status, String message) {
        ErrorBody.send(res, Status.create(status), message);
    }
}
