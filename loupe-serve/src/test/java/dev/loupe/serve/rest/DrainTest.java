package dev.loupe.serve.rest;

import dev.loupe.serve.Http;
import dev.loupe.serve.ServeConfig;
import dev.loupe.serve.ServeFixture;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Stopping a server answers what clients have already sent: a keep-alive connection that sat idle when the stop
 * began still gets its next request answered (with {@code Connection: close}), readiness says 503 meanwhile, the
 * stop ends soon after the clients go quiet, and only then are new connections refused.
 */
class DrainTest {
    private static final String INFER = "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,3],\"datatype\":\"FP32\",\"data\":[1,-2,3]}]}";

    /** One HTTP/1.1 exchange on an open socket: status, headers (lower-case names), body. */
    private record Exchange(int status, Map<String, String> headers, String body) {
    }

    private static Exchange post(Socket s, String path, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        OutputStream out = s.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        InputStream in = s.getInputStream();
        String status = line(in);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        byte[] answer = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        return new Exchange(Integer.parseInt(status.split(" ")[1]), headers, new String(answer, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed mid-line after '" + b + "'");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline).as("condition met within 10 s").isTrue();
            Thread.onSpinWait();
        }
    }

    @Test
    void anIdleKeepAliveConnection_getsItsNextRequestAnswered_afterTheStopBegins_thenNewConnectionsAreRefused()
            throws Exception {
        ServeFixture f = ServeFixture.start(ServeConfig.defaults().withPorts(0, -1));
        int port = f.server.httpPort();
        CompletableFuture<Void> stopped;
        try (Socket keptAlive = new Socket("127.0.0.1", port)) {
            Exchange first = post(keptAlive, "/v2/models/tiny/infer", INFER);
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.headers().get("connection")).isNotEqualToIgnoringCase("close");

            // another client keeps asking whether the server is ready (traffic that keeps the drain open, as a line's
            // other stations would); the stop begins while the first connection is idle, with a long drain timeout,
            // so only quiet can end it early
            Http other = new Http(port);
            AtomicBoolean polling = new AtomicBoolean(true);
            AtomicInteger lastReady = new AtomicInteger();
            CompletableFuture<Void> poller = CompletableFuture.runAsync(() -> {
                while (polling.get()) {
                    Http.Response ready = other.get("/v2/health/ready");
                    if (ready.status() == 503) {
                        assertThat(ready.json().get("error").asText()).isEqualTo("the server is shutting down");
                    }
                    lastReady.set(ready.status());
                }
            });
            await(() -> lastReady.get() == 200);
            stopped = CompletableFuture.runAsync(() -> f.server.close(Duration.ofSeconds(60)));
            await(() -> lastReady.get() == 503);
            assertThat(stopped).isNotDone();

            Exchange second = post(keptAlive, "/v2/models/tiny/infer", INFER);
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.body()).contains("\"data\":[1.0,0.0,3.0]");
            assertThat(second.headers().get("connection")).isEqualToIgnoringCase("close");
            assertThat(keptAlive.getInputStream().read()).as("the server closes the connection after its answer").isEqualTo(-1);
            polling.set(false);
            poller.get(20, TimeUnit.SECONDS); // every readiness answer was 200, then 503
            assertThat(lastReady.get()).isEqualTo(503);
        }
        // no request for Drain.QUIET: the stop goes on long before its 60 s timeout
        stopped.get(20, TimeUnit.SECONDS);
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void withNoRequests_theStopDoesNotWaitForTheTimeout() throws Exception {
        ServeFixture f = ServeFixture.start(ServeConfig.defaults().withPorts(0, -1));
        assertThat(f.http.get("/v2/health/ready").status()).isEqualTo(200);
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> f.server.close(Duration.ofSeconds(60)));
        stopped.get(20, TimeUnit.SECONDS);
    }
}
