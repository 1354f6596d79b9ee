package dev.loupe.serve.rest;

import dev.loupe.serve.ServeException;
import dev.loupe.serve.infer.ServingObserver;
import dev.loupe.serve.model.ModelLease;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.function.Supplier;

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

    /**
     * Runs a step of a model route that comes before the inference path's own accounting (resolving the model,
     * reading and decoding the body), telling {@code observer} of a failure there, so every request a model
     * route answers is counted once with its outcome.
     *
     * @param version the version requested or resolved, {@code ""} when not known yet
     */
    static <T> T counted(ServingObserver observer, String model, String version, Supplier<T> step) {
        try {
            return step.get();
        } catch (ServeException e) {
            observer.failed(model, version, ModelLease.Arm.CHAMPION, e);
            throw e;
        }
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
                errors.send(res, new ServeException(ServeException.Kind.INTERNAL, "the server could not answer the request", e));
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
