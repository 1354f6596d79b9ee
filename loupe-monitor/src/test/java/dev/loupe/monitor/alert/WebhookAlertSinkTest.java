package dev.loupe.monitor.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.loupe.core.monitoring.AlertState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookAlertSinkTest {
    private static final AlertRule RULE = AlertRule.parse("low-recall", "estimated_recall < 0.95 for 10m");
    private static final AlertState FIRING = new AlertState("low-recall", AlertState.Status.FIRING,
            Instant.parse("2025-03-01T08:10:00Z"), 0.91, "estimated_recall < 0.95 for 10m (value 0.9100): firing");

    private HttpServer server;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    /** A receiver on 127.0.0.1 that fails the first {@code failures} requests with 503. */
    private URI receiver(int failures) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int status = calls.incrementAndGet() <= failures ? 503 : 204;
            if (status == 204) {
                received.add(ex.getRequestHeaders().getFirst("Content-Type") + "\n" + body);
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void firingAlert_isPostedAsJson() throws Exception {
        try (WebhookAlertSink sink = new WebhookAlertSink(receiver(0), 3, Duration.ofMillis(10), Duration.ofSeconds(5), 10)) {
            sink.deliver(RULE, FIRING);
            String got = received.poll(10, TimeUnit.SECONDS);
            assertThat(got).startsWith("application/json\n");
            JsonNode json = new ObjectMapper().readTree(got.substring(got.indexOf('\n') + 1));
            assertThat(json.get("rule").asText()).isEqualTo("low-recall");
            assertThat(json.get("status").asText()).isEqualTo("firing");
            assertThat(json.get("value").asDouble()).isEqualTo(0.91);
            assertThat(json.get("since").asText()).isEqualTo("2025-03-01T08:10:00Z");
            assertThat(json.get("expression").asText()).isEqualTo("estimated_recall < 0.95 for 10m");
            assertThat(json.has("model")).isFalse(); // about no model version in particular
            assertThat(json.has("version")).isFalse();
        }
    }

    @Test
    void ruleAboutAModelVersion_carriesTheModelAndVersion() throws Exception {
        try (WebhookAlertSink sink = new WebhookAlertSink(receiver(0), 3, Duration.ofMillis(10), Duration.ofSeconds(5), 10)) {
            sink.deliver(RULE.about("covers", "2"), FIRING);
            String got = received.poll(10, TimeUnit.SECONDS);
            JsonNode json = new ObjectMapper().readTree(got.substring(got.indexOf('\n') + 1));
            assertThat(json.get("model").asText()).isEqualTo("covers");
            assertThat(json.get("version").asText()).isEqualTo("2");
            assertThat(json.get("rule").asText()).isEqualTo("low-recall");
        }
    }

    @Test
    void failingReceiver_isRetriedWithBackoffUntilItAnswers() throws Exception {
        try (WebhookAlertSink sink = new WebhookAlertSink(receiver(2), 5, Duration.ofMillis(10), Duration.ofSeconds(5), 10)) {
            sink.deliver(RULE, FIRING);
            assertThat(received.poll(10, TimeUnit.SECONDS)).contains("low-recall");
            assertThat(sink.dropped()).isZero();
        }
    }

    @Test
    void deadWebhook_neverBlocksDeliver_andDropsBeyondTheBound() throws Exception {
        // nothing listens on this port once the server is stopped: connections are refused
        URI dead = receiver(0);
        server.stop(0);
        server = null;
        try (WebhookAlertSink sink = new WebhookAlertSink(dead, 1_000, Duration.ofSeconds(60), Duration.ofSeconds(5), 3)) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                sink.deliver(RULE, FIRING);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
            assertThat(sink.dropped()).isEqualTo(97);
            assertThat(sink.delivered()).isZero();
        }
    }
}
