package dev.loupe.serve.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.DirectHandlers;

import java.util.Map;

/**
 * Errors the HTTP layer answers before any route runs (a body over the size limit, a request that is
 * not valid HTTP), written as {@code {"error": "..."}} like every other error of the server.
 */
public final class TransportErrors {
    private TransportErrors() {
    }

    public static DirectHandlers handlers(ObjectMapper json, long maxRequestBytes) {
        DirectHandler handler = (request, event, status, headers, message) -> {
            String text = status.code() == 413
                    ? "the request body" + request.headers().first(HeaderNames.CONTENT_LENGTH).map(l -> " of " + l + " bytes").orElse("")
                    + " is over the server's limit of " + maxRequestBytes + " bytes (loupe serve --max-request-bytes)"
                    : message;
            return DirectHandler.TransportResponse.builder()
                    .status(status)
                    .headers(headers)
                    .header(HeaderNames.CONTENT_TYPE, "application/json")
                    .keepAlive(event.keepAlive())
                    .entity(body(json, text))
                    .build();
        };
        DirectHandlers.Builder b = DirectHandlers.builder();
        for (DirectHandler.EventType e : DirectHandler.EventType.values()) {
            b.addHandler(e, handler);
        }
        return b.build();
    }

    private static byte[] body(ObjectMapper json, String message) {
        try {
            return json.writeValueAsBytes(Map.of("error", message == null ? "bad request" : message));
        } catch (JsonProcessingException e) {
            return "{\"error\":\"bad request\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
