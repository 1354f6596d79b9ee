package dev.loupe.serve.infer;

import java.util.Objects;

/**
 * Who sent a request: its id (the client's {@code X-Request-Id} or a new one; feedback refers to it) and
 * the inspection station ({@code X-Station}, {@code ""} when unknown).
 */
public record RequestInfo(String requestId, String station) {
    public RequestInfo {
        Objects.requireNonNull(requestId, "requestId");
        station = station == null ? "" : station;
    }

    /** What keeps a canary sticky: the station when known, else the request. */
    public String routingKey() {
        return station.isEmpty() ? requestId : station;
    }
}
