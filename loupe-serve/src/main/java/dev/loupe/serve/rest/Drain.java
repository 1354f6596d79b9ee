package dev.loupe.serve.rest;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Lets a REST listener stop without failing a request a client has already sent. Stopping a Helidon server
 * closes its idle keep-alive connections at once, and a client that sends its next request on one at that
 * moment gets a reset instead of an answer: for a {@code POST} it cannot tell whether the part was judged.
 * So before the listener stops, {@link #drain} answers every request with {@code Connection: close} and closes
 * its connection after the answer (the client opens a new one for its next request, still accepted), says {@code 503} on {@code /v2/health/ready} so a load balancer stops sending, and waits until no
 * request is in flight and none has arrived for {@link #QUIET}, or until its timeout. When the listener then
 * stops, a client's next connection is refused: a failure it knows it can retry.
 *
 * <p>Install it as the routing's first filter, so it counts every request, refused ones included.
 */
public final class Drain implements Filter {
    /** How long no request must have arrived, with none in flight, before draining ends early. */
    public static final Duration QUIET = Duration.ofMillis(250);
    /** The longest a server waits for its clients to go quiet before it stops anyway. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private static final byte[] SHUTTING_DOWN = ErrorBody.of("the server is shutting down");

    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile long lastArrival = System.nanoTime();
    private volatile boolean draining;

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        inFlight.incrementAndGet();
        try {
            lastArrival = System.nanoTime();
            if (!draining) {
                chain.proceed();
                return;
            }
            res.header(HeaderValues.CONNECTION_CLOSE);
            if (req.path().path().equals("/v2/health/ready")) {
                res.status(Status.SERVICE_UNAVAILABLE_503);
                res.header(HeaderNames.CONTENT_TYPE, "application/json");
                res.send(SHUTTING_DOWN);
            } else {
                chain.proceed();
            }
            if (res.isSent()) {
                // Helidon sends the header but keeps the connection open unless the request asked to close it;
                // RFC 9112 (9.6) has the server close after such a response: this ends the connection once it is sent
                throw new CloseConnectionException("the server is shutting down");
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Whether {@link #drain} has begun. */
    public boolean draining() {
        return draining;
    }

    /**
     * Starts draining and returns once no request is in flight and none has arrived for {@link #QUIET}, or when
     * {@code timeout} has passed, whichever comes first.
     *
     * @return whether the clients went quiet (false: the timeout ended it)
     */
    public boolean drain(Duration timeout) {
        draining = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long now = System.nanoTime();
            long quietFor = now - lastArrival;
            if (inFlight.get() == 0 && quietFor >= QUIET.toNanos()) {
                return true;
            }
            if (now - deadline >= 0) {
                return false;
            }
            // a client's requests keep arriving for as long as it has any: check again a little later
            LockSupport.parkNanos(Math.min(TimeUnit.MILLISECONDS.toNanos(20), Math.max(1, QUIET.toNanos() - quietFor)));
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
        }
    }
}
