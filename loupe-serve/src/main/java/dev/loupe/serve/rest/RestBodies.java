package dev.loupe.serve.rest;

import dev.loupe.serve.ServeException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** Reading request bodies and turning every failure into an HTTP error response, for all REST services. */
final class RestBodies {
    private RestBodies() {
    }

    /**
     * The whole request body. The server's request size limit has been applied by then (413).
     *
     * @throws ServeException bad request when the body is missing or ends early
     */
    static byte[] read(ServerRequest req) {
        if (!req.content().hasEntity()) {
            throw ServeException.badRequest("the request has no body");
        }
        try {
            return req.content().as(byte[].class);
        } catch (RuntimeException e) {
            if (isTooLarge(e)) {
                throw new ServeException(ServeException.Kind.PAYLOAD_TOO_LARGE, "the request body is larger than the server's limit", e);
            }
            throw ServeException.badRequest("the request body could not be read: " + reason(e));
        }
    }

    /** Why a body could not be read; the transport's exceptions often carry no message. */
    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.helidon.common.buffers.DataReader.InsufficientDataAvailableException) {
                return "the connection ended before the whole body arrived (truncated?)";
            }
        }
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    static void handle(RestErrors errors, ServerResponse res, Runnable action) {
        try {
            action.run();
        } catch (ServeException e) {
            errors.send(res, e);
        } catch (RuntimeException e) {
            if (isTooLarge(e)) {
                errors.send(res, new ServeException(ServeException.Kind.PAYLOAD_TOO_LARGE, "the request body is larger than the server's limit", e));
            } else {
                errors.send(res, new ServeException(ServeException.Kind.INTERNAL, "internal error: " + e, e));
            }
        }
    }

    private static boolean isTooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.helidon.http.RequestException re && re.status().code() == 413) {
                return true;
            }
        }
        return false;
    }
}
