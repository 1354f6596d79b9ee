package dev.loupe.serve.rest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.loupe.core.monitoring.RequestIds;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import org.slf4j.Logger;

import java.nio.charset.StandardCharsets;

/**
 * The one writer of the {@code {"error": "..."}} body every Loupe HTTP server answers an error with (the
 * prediction server, the platform server's API, its token and browser checks). The body is valid JSON
 * whatever the message holds: quotes, backslashes, control characters echoed from a request, unpaired
 * surrogates (written as {@code ?}). Thread-safe.
 *
 * <p>An unexpected failure (a 500, gRPC {@code INTERNAL}) tells the client what failed in its terms and an
 * error id, never the exception: {@link #internal} logs the exception with that id, so an operator finds it
 * from what the client saw.
 */
public final class ErrorBody {
    private ErrorBody() {
    }

    /** {@code {"error": message}} as UTF-8; a null message is {@code "error"}. */
    public static byte[] of(String message) {
        return JsonNodeFactory.instance.objectNode().put("error", message == null ? "error" : message).toString()
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Answers {@code status} with {@link #of message} as {@code application/json}. */
    public static void send(ServerResponse res, Status status, String message) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(of(message));
    }

    /**
     * Logs an unexpected failure under a new error id and returns what the client is told:
     * {@code what} and the id.
     *
     * @param what what failed, in the client's terms ("storing the records failed")
     */
    public static String internal(Logger log, String what, Throwable cause) {
        return internal(log, what, cause, RequestIds.next());
    }

    /** As {@link #internal(Logger, String, Throwable)}, under a given id (the request's, when it has one). */
    public static String internal(Logger log, String what, Throwable cause, String id) {
        log.error("{} (error id {})", what, id, cause);
        return what + " (error id " + id + "; the server log has the details)";
    }
}
