package dev.loupe.server.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.loupe.core.image.ImageStats;
import dev.loupe.core.monitoring.Promtool;
import dev.loupe.data.generate.Frame;
import dev.loupe.data.generate.LineOptions;
import dev.loupe.data.generate.ProductionLine;
import dev.loupe.data.generate.Scenario;
import dev.loupe.monitor.log.RecorderConfig;
import dev.loupe.monitor.reference.Reference;
import dev.loupe.monitor.reference.References;
import dev.loupe.server.LoupeServer;
import dev.loupe.core.store.file.FileBlobStore;
import dev.loupe.store.jdbc.SqliteMetadataStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.loupe.server.serving.ServingFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monitoring issue's acceptance: a served model with a reference built from {@code stable} images;
 * {@code stable} then {@code dimming} images through {@code /inspect}; the drift alert fires naming
 * brightness, with a start estimate near the true change point; the webhook receives it; {@code /metrics}
 * shows it (and passes {@code promtool check metrics} when installed).
 */
class MonitoringAcceptanceTest {
    private static final int STABLE = 200;
    private static final int DIMMING = 600;

    @TempDir
    Path dir;

    @Test
    void dimmingLine_firesBrightnessDriftAlert_toWebhookAndMetrics() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/alerts", ex -> {
            received.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        hook.start();
        LineOptions options = LineOptions.defaults().withSize(64).withStreamLength(DIMMING);
        try (SqliteMetadataStore store = new SqliteMetadataStore(dir.resolve("loupe.db"));
             FileBlobStore blobs = new FileBlobStore(dir.resolve("blobs"))) {
            ServingFixture.register(store, blobs, "covers", 0.5);
            store.registry().setAlias("test", "covers", "champion", 1, null);
            List<ImageStats> reference = new ArrayList<>();
            new ProductionLine(Scenario.STABLE, 7, options.withStreamLength(400)).stream(0).limit(400)
                    .forEach(f -> reference.add(ImageStats.of(f.image())));
            new References(store.monitoring(), blobs).save(Reference.ofStats("covers", "1", "stable line, seed 7", "defect", 0.5,
                    reference, new double[0], new boolean[0], Instant.now()));
            ServingConfig config = ServingFixture.fastPolling()
                    .withLogging(true, new RecorderConfig(65_536, 32, Duration.ofMillis(20), 0))
                    .withAlerts(List.of(), List.of(URI.create("http://127.0.0.1:" + hook.getAddress().getPort() + "/alerts")));
            try (LoupeServer server = ServingFixture.start(store, blobs, config)) {
                int i = 0;
                for (Frame f : new ProductionLine(Scenario.STABLE, 8, options).stream(0).limit(STABLE).toList()) {
                    assertThat(ServingFixture.inspect(server, "covers", f.png(), "cam-1", "req-" + i++).statusCode()).isEqualTo(200);
                }
                for (Frame f : new ProductionLine(Scenario.DIMMING, 9, options).stream(0).limit(DIMMING).toList()) {
                    assertThat(ServingFixture.inspect(server, "covers", f.png(), "cam-1", "req-" + i++).statusCode()).isEqualTo(200);
                }
                long changePoint = STABLE + Scenario.onsetFrame(DIMMING);

                await(Duration.ofSeconds(20), "the webhook receives the brightness alert",
                        () -> received.stream().anyMatch(b -> b.contains("drift(brightness)") && b.contains("\"firing\"")));

                JsonNode monitor = ServingFixture.json(ServingFixture.get(server, "/v1/models/covers/monitor"));
                assertThat(monitor.get("monitored").asBoolean()).isTrue();
                JsonNode brightness = null;
                for (JsonNode d : monitor.get("detectors")) {
                    if (d.get("monitor").asText().equals("brightness")) {
                        brightness = d;
                    }
                }
                assertThat(brightness).isNotNull();
                JsonNode alarm = brightness.get("last_alarm");
                assertThat(alarm.get("direction").asText()).isEqualTo("down");
                long start = Long.parseLong(store.monitoring().alarms("covers", Instant.EPOCH).stream()
                        .filter(a -> a.monitor().equals("brightness")).findFirst().orElseThrow().startRequestId().substring(4));
                assertThat(start).as("estimated start vs true change point %d", changePoint).isBetween(changePoint - 40, changePoint + 120);

                String metrics = ServingFixture.get(server, "/metrics").body();
                assertThat(metrics).contains("loupe_alert_state{model=\"covers\",version=\"1\",rule=\"covers/1: drift(brightness)\",state=\"firing\"} 1")
                        .contains("loupe_drift_alarms_total{model=\"covers\",version=\"1\",monitor=\"brightness\"}")
                        .contains("loupe_request_infer_seconds_bucket{model=\"covers\",version=\"1\",le=\"+Inf\"} " + (STABLE + DIMMING));
                Promtool.check(metrics);
            }
        } finally {
            hook.stop(0);
        }
    }
}
