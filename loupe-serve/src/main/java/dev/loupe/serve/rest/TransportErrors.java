package dev.loupe.serve.rest;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http1.Http1Config;
import dev.loupe.serve.ServeException;
import dev.loupe.serve.infer.ServingObserver;
import dev.loupe.serve.model.ModelLease;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Errors the HTTP layer answers before any route runs (a body over the size limit, a request line over
 * Helidon's, a request that is not valid HTTP), written as {@code {"error": "..."}} like every other error of
 * the server, without the body when the request is a {@code HEAD}. One sent to a model route ({@code .../infer},
 * {@code .../inspect}) is told to the observer as that model's failure, so the request counts reach every
 * request a model route was sent.
 */
public final class TransportErrors {
    private TransportErrors() {
    }

    /** Helidon's limit on the request line (its HTTP/1 {@code max-prologue-length}, left at its default). */
    private static final int MAX_REQUEST_LINE = Http1Config.create().maxPrologueLength();
    private static final Pattern MODEL_ROUTE = Pattern.compile("/v[12]/models/([^/?]+)(?:/versions/([^/?]+))?/(?:infer|inspect)(?:\\?.*)?");

    public static DirectHandlers handlers(long maxRequestBytes, ServingObserver observer) {
        DirectHandler handler = (request, event, status, headers, message) -> {
            String text = switch (status.code()) {
                case 413 -> "the request body" + request.headers().first(HeaderNames.CONTENT_LENGTH).map(l -> " of " + l + " bytes").orElse("")
                        + " is over the server's limit of " + maxRequestBytes + " bytes (loupe serve --max-request-bytes)";
                case 414 -> "the request line (method, URL and protocol) is longer than the server's limit of " + MAX_REQUEST_LINE
                        + " bytes";
                default -> message;
            };
            Matcher route = MODEL_ROUTE.matcher(request.path());
            if (route.matches()) {
                ServeException.Kind kind = status.code() == 413 ? ServeException.Kind.PAYLOAD_TOO_LARGE
                        : status.code() >= 500 ? ServeException.Kind.INTERNAL : ServeException.Kind.BAD_REQUEST;
                observer.failed(route.group(1), Objects.requireNonNullElse(route.group(2), ""), ModelLease.Arm.CHAMPION,
                        new ServeException(kind, text == null ? "bad request" : text));
            }
            DirectHandler.TransportResponse.Builder answer = DirectHandler.TransportResponse.builder()
                    .status(status)
                    .headers(headers)
                    .header(HeaderNames.CONTENT_TYPE, "application/json")
                    .keepAlive(event.keepAlive());
            byte[] body = ErrorBody.of(text == null ? "bad request" : text);
            return request.method().equals("HEAD") // the length a GET would get, no body
                    ? answer.header(HeaderNames.CONTENT_LENGTH, Integer.toString(body.length)).build()
                    : answer.entity(body).build();
        };
        DirectHandlers.Builder b = DirectHandlers.builder();
        for (DirectHandler.EventType e : DirectHandler.EventType.values()) {
            b.addHandler(e, handler);
        }
        return b.build();
    }
}
