package dev.loupe.edge.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.loupe.core.monitoring.PrometheusFormat;
import dev.loupe.edge.metrics.EdgeMetrics;
import dev.loupe.edge.source.IngestSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * The agent's local HTTP endpoints (JDK HTTP server, virtual threads): {@code GET /metrics}
 * (Prometheus text), {@code GET /health}, and, when the source is HTTP ingest, {@code POST /ingest}
 * with an encoded image as the body ({@code X-Frame-Id}: the camera's id for it, {@code X-Camera}: its
 * name); answers 202 with the record id (the image is then decided and spooled, also when the agent stops), 503 when the
 * queue is full or the agent is stopping, 413 over 32 MiB.
 * Closing stops the server once the requests in progress are answered.
 */
public final class EdgeHttp implements AutoCloseable {
    private static final int MAX_IMAGE = 32 << 20;

    private final HttpServer server;

    public EdgeHttp(String host, int port, EdgeMetrics metrics, Optional<IngestSource> ingest) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 128);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/metrics", ex -> {
            if (!ex.getRequestMethod().equals("GET")) {
                send(ex, 405, "text/plain", "GET only\n");
                return;
            }
            send(ex, 200, PrometheusFormat.CONTENT_TYPE, metrics.prometheus());
        });
        server.createContext("/health", ex -> send(ex, 200, "application/json", "{\"status\":\"up\"}\n"));
        server.createContext("/ingest", ex -> {
            if (ingest.isEmpty()) {
                send(ex, 404, "text/plain", "this agent's source is not http ingest (start it with --source http)\n");
                return;
            }
            if (!ex.getRequestMethod().equals("POST")) {
                send(ex, 405, "text/plain", "POST an image\n");
                return;
            }
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readNBytes(MAX_IMAGE + 1);
            }
            if (body.length > MAX_IMAGE) {
                send(ex, 413, "text/plain", "image over 32 MiB\n");
                return;
            }
            if (body.length == 0) {
                send(ex, 400, "text/plain", "empty body: POST the encoded image\n");
                return;
            }
            Optional<String> frame = Optional.ofNullable(ex.getRequestHeaders().getFirst("X-Frame-Id"));
            String camera = Optional.ofNullable(ex.getRequestHeaders().getFirst("X-Camera")).orElse("camera");
            Optional<IngestSource.Accepted> id = ingest.get().offer(body, frame, camera);
            if (id.isEmpty()) {
                ex.getResponseHeaders().add("Retry-After", "1");
                send(ex, 503, "text/plain", ingest.get().accepting() ? "queue full, retry\n"
                        : "the agent is stopping; send the image again when it is back\n");
            } else if (id.get().duplicate()) { // a retry of an image already taken: decided once
                send(ex, 200, "application/json", "{\"id\":\"" + id.get().id() + "\",\"duplicate\":true}\n");
            } else {
                send(ex, 202, "application/json", "{\"id\":\"" + id.get().id() + "\"}\n");
            }
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    /**
     * Stops listening, then waits (at most a second) for the requests in progress to be answered: the part
     * that made the agent stop (its last frame) still gets its 202. With no wait, CI saw that request's
     * connection closed unanswered.
     */
    @Override
    public void close() {
        server.stop(1);
    }
}
