package dev.loupe.serve.infer;

import dev.loupe.serve.ServeException;

import java.util.Objects;

/**
 * Who sent a request: its id (the client's {@code X-Request-Id} or a new one; feedback refers to it) and
 * the inspection station ({@code X-Station}, {@code ""} when unknown).
 */
public record RequestInfo(String requestId, String station) {
    /**
     * The longest request id: the prediction log keeps 200 characters, and a V2 request with several
     * images logs each as {@code ID:i}. A longer value would fail the log's write (on PostgreSQL) and with
     * it every prediction batched beside it.
     */
    public static final int MAX_REQUEST_ID_CHARS = 128;
    /** The longest station name: the prediction log's column. */
    public static final int MAX_STATION_CHARS = 200;

    /** @throws ServeException bad request for an id or station longer than the prediction log keeps */
    public RequestInfo {
        Objects.requireNonNull(requestId, "requestId");
        station = station == null ? "" : station;
        if (requestId.length() > MAX_REQUEST_ID_CHARS) {
            throw ServeException.badRequest("the request id is " + requestId.length() + " characters; at most "
                    + MAX_REQUEST_ID_CHARS + " (X-Request-Id, a V2 request's id)");
        }
        if (station.length() > MAX_STATION_CHARS) {
            throw ServeException.badRequest("the station is " + station.length() + " characters; at most " + MAX_STATION_CHARS);
        }
    }

    /** What keeps a canary sticky: the station when known, else the request. */
    public String routingKey() {
        return station.isEmpty() ? requestId : station;
    }
}
