package dev.loupe.server.serving;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.core.image.ImageStats;
import dev.loupe.core.monitoring.AlertState;
import dev.loupe.monitor.log.RecorderConfig;
import dev.loupe.monitor.metrics.MonitorMetrics;
import dev.loupe.monitor.reference.Reference;
import dev.loupe.monitor.reference.References;
import dev.loupe.server.LoupeServer;
import dev.loupe.store.jdbc.SqliteMetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.loupe.server.serving.ServingFixture.await;
import static dev.loupe.server.serving.ServingFixture.quietly;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's live monitors as a user meets them: a reference built while the server runs, alert rules
 * on estimated performance, {@code GET /v1/models/NAME/monitor} for versions that are not served.
 * The served model scores Sigmoid(mean pixel / 255), so a uniform gray level L scores Sigmoid(L / 255).
 */
class LiveMonitoringTest {
    @TempDir
    Path dir;

    private ServedHome home;
    private SqliteMetadataStore store;
    private LoupeServer server;

    @BeforeEach
    void open() throws Exception {
        home = new ServedHome(dir);
        store = home.store;
    }

    @AfterEach
    void close() {
        try {
            home.close();
        } finally {
            if (hook != null) {
                hook.stop(0);
            }
        }
    }

    private void start(List<String> rules) {
        start(rules, List.of());
    }

    private void start(List<String> rules, List<java.net.URI> webhooks) {
        ServingConfig config = ServingFixture.fastPolling()
                .withLogging(true, new RecorderConfig(4096, 16, Duration.ofMillis(10), 0))
                .withAlerts(rules, webhooks);
        server = home.start(config);
    }

    /** A webhook receiver on 127.0.0.1 adding each body it is posted to {@code received}; stopped after the test. */
    private java.net.URI webhook(List<String> received) throws java.io.IOException {
        hook = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/alerts", ex -> {
            received.add(new String(ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        hook.start();
        return java.net.URI.create("http://127.0.0.1:" + hook.getAddress().getPort() + "/alerts");
    }

    private com.sun.net.httpserver.HttpServer hook;

    /** The drift(brightness) rule of covers version 1 set FIRING by 'loupe monitor alerts' (or an earlier server). */
    private AlertState firedBeforeStart() {
        AlertState fired = new AlertState("covers/1: drift(brightness)", AlertState.Status.FIRING,
                Instant.parse("2025-04-01T09:59:00Z"), 1, "drift(brightness) != 0 (value 1): firing");
        store.monitoring().saveAlertState(fired);
        return fired;
    }

    /** Sends {@code n} gray images whose levels spread over the reference's 0..255: no drift in brightness. */
    private void sendSteadyImages(int n) throws Exception {
        sendSteadyImages(0, n);
    }

    /** Sends the steady images {@code from} to {@code to} - 1 and waits until all {@code to} are monitored. */
    private void sendSteadyImages(int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            assertThat(ServingFixture.inspect(server, "covers", ServingFixture.gray(i * 37 % 256), "cam-1", "s" + i).statusCode())
                    .isEqualTo(200);
        }
        await(Duration.ofSeconds(30), to + " predictions are monitored", quietly(() -> ServingFixture.json(
                ServingFixture.get(server, "/v1/models/covers/monitor")).get("observed").asLong() == to));
    }

    private static double score(int level) {
        return 1 / (1 + Math.exp(-level / 255.0));
    }

    /** Reference: gray levels 0..255 (statistics and scores), labelled defect above level 128. */
    private void saveReference(String version, double threshold) {
        List<ImageStats> stats = new ArrayList<>();
        double[] scores = new double[256];
        boolean[] positives = new boolean[256];
        for (int level = 0; level < 256; level++) {
            stats.add(new ImageStats(level / 255.0, 0.1 + level % 7 / 100.0, 1 + level % 5, level / 255.0, level / 255.0,
                    level / 255.0, 0.01 * (level % 3)));
            scores[level] = score(level);
            positives[level] = level > 128;
        }
        new References(store.monitoring(), home.blobs).save(Reference.ofStats("covers", version, "levels", "defect", threshold,
                stats, scores, positives, Instant.now()));
    }

    @Test
    void referenceBuiltWhileServing_isMonitoredWithoutARestart() throws Exception {
        home.register("covers", 0.6);
        store.registry().setAlias("test", "covers", "champion", 1, null);
        start(List.of());
        assertThat(ServingFixture.inspect(server, "covers", ServingFixture.gray(100), "cam-1", "before").statusCode()).isEqualTo(200);
        await(Duration.ofSeconds(10), "the first prediction is logged",
                () -> store.predictions().byRequestId("before").isPresent());
        assertThat(ServingFixture.json(ServingFixture.get(server, "/v1/models/covers/monitor")).get("monitored").asBoolean()).isFalse();

        saveReference("1", 0.6); // 'loupe monitor reference' while the server runs

        int[] sent = {0};
        await(Duration.ofSeconds(20), "the new reference is used for the served version", quietly(() -> {
            ServingFixture.inspect(server, "covers", ServingFixture.gray(100), "cam-1", "after-" + sent[0]++);
            JsonNode m = ServingFixture.json(ServingFixture.get(server, "/v1/models/covers/monitor"));
            return m.get("monitored").asBoolean() && m.get("observed").asLong() > 0;
        }));
    }

    @Test
    void estimatedRecallRule_firesOnTheServer_andTheEstimateIsOnMetricsAndMonitor() throws Exception {
        // threshold at level ~158: levels 129..157 are defects (reference labels) the model passes
        home.register("covers", score(158));
        store.registry().setAlias("test", "covers", "champion", 1, null);
        saveReference("1", score(158));
        start(List.of("estimated_recall < 0.5"));
        int n = MonitorMetrics.ESTIMATE_WARM_UP; // no estimated_* value before: the rule cannot fire earlier
        for (int i = 0; i < n; i++) { // calibrated as certain defects, all passed: estimated recall 0
            assertThat(ServingFixture.inspect(server, "covers", ServingFixture.gray(140), "cam-1", "r" + i).statusCode()).isEqualTo(200);
        }
        await(Duration.ofSeconds(20), "the estimated_recall rule fires", () -> store.monitoring().alertStates().stream()
                .anyMatch(s -> s.rule().equals("covers/1: estimated_recall < 0.5") && s.status() == AlertState.Status.FIRING));

        await(Duration.ofSeconds(20), "all " + n + " predictions are monitored", quietly(() -> ServingFixture.json(
                ServingFixture.get(server, "/v1/models/covers/monitor")).get("estimated").get("predictions").asInt() == n));
        JsonNode estimated = ServingFixture.json(ServingFixture.get(server, "/v1/models/covers/monitor")).get("estimated");
        assertThat(estimated.get("recall").asDouble()).isEqualTo(0.0);
        assertThat(estimated.get("precision").isNull()).isTrue(); // nothing predicted defective: undefined, not NaN
        String metrics = ServingFixture.get(server, "/metrics").body();
        assertThat(metrics).contains("loupe_estimated_recall{model=\"covers\",version=\"1\"} 0")
                .contains("loupe_alert_state{model=\"covers\",version=\"1\",rule=\"covers/1: estimated_recall < 0.5\",state=\"firing\"} 1");
        dev.loupe.core.monitoring.Promtool.check(metrics);
    }

    @Test
    void twoVersionsWithReferences_haveTheirOwnAlertStates_andDistinctSeries() throws Exception {
        home.register("covers", 0.6);
        home.register("covers", 0.6);
        store.registry().setAlias("test", "covers", "champion", 1, null);
        saveReference("1", 0.6);
        saveReference("2", 0.6); // the challenger's own reference
        start(List.of("drift(brightness)"));
        for (String v : List.of("1", "2")) {
            JsonNode m = ServingFixture.json(ServingFixture.get(server, "/v1/models/covers/monitor?version=" + v));
            assertThat(m.get("monitored").asBoolean()).isTrue();
            assertThat(m.get("alerts").get(0).get("rule").asText()).isEqualTo("covers/" + v + ": drift(brightness)");
        }
        String metrics = ServingFixture.get(server, "/metrics").body();
        List<String> inactive = metrics.lines().filter(l -> l.startsWith("loupe_alert_state{") && l.contains("state=\"inactive\"")).toList();
        assertThat(inactive).containsExactlyInAnyOrder(
                "loupe_alert_state{model=\"covers\",version=\"1\",rule=\"covers/1: drift(brightness)\",state=\"inactive\"} 1",
                "loupe_alert_state{model=\"covers\",version=\"2\",rule=\"covers/2: drift(brightness)\",state=\"inactive\"} 1");
        dev.loupe.core.monitoring.Promtool.check(metrics); // no duplicate series
    }

    @Test
    void monitorQueriesForVersionsWithoutAReference_keepNoState() throws Exception {
        for (int i = 0; i < 51; i++) { // versions 2..51: registered, so answered; without a reference, so not monitored
            home.register("covers", 0.6);
        }
        store.registry().setAlias("test", "covers", "champion", 1, null);
        start(List.of());
        LiveMonitors monitors = server.serving().orElseThrow().monitors();
        int before = monitors.size();
        for (int v = 2; v <= 51; v++) {
            JsonNode m = ServingFixture.json(ServingFixture.get(server, "/v1/models/covers/monitor?version=" + v));
            assertThat(m.get("monitored").asBoolean()).isFalse();
        }
        assertThat(monitors.size()).isEqualTo(before);
    }

    @Test
    void ruleFiringBeforeTheServerStarted_staysFiring_whileItsMonitorHasTooFewPredictionsToSay() throws Exception {
        home.register("covers", 0.6);
        store.registry().setAlias("test", "covers", "champion", 1, null);
        saveReference("1", 0.6);
        AlertState fired = firedBeforeStart();
        List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        start(List.of("drift(brightness)"), List.of(webhook(received)));

        sendSteadyImages(20); // evaluated after each written batch, before the monitor shows them

        assertThat(store.monitoring().alertStates()).containsExactly(fired); // not resolved, same since: not a new alert
        JsonNode alert = ServingFixture.json(ServingFixture.get(server, "/v1/models/covers/monitor")).get("alerts").get(0);
        assertThat(alert.get("state").asText()).isEqualTo("firing");
        assertThat(ServingFixture.get(server, "/metrics").body())
                .contains("loupe_alert_state{model=\"covers\",version=\"1\",rule=\"covers/1: drift(brightness)\",state=\"firing\"} 1");
        assertThat(received).isEmpty();
    }

    @Test
    void ruleFiringBeforeTheServerStarted_resolvesOnceItsMonitorHasSeenEnough_andTheWebhookNamesModelAndVersion()
            throws Exception {
        home.register("covers", 0.6);
        store.registry().setAlias("test", "covers", "champion", 1, null);
        saveReference("1", 0.6);
        firedBeforeStart();
        List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        start(List.of("drift(brightness)"), List.of(webhook(received)));

        sendSteadyImages((int) 100 + 20);

        await(Duration.ofSeconds(20), "the webhook receives the resolved alert", () -> !received.isEmpty());
        assertThat(received).hasSize(1);
        JsonNode body = ServingFixture.JSON.readTree(received.getFirst());
        assertThat(body.get("status").asText()).isEqualTo("resolved");
        assertThat(body.get("rule").asText()).isEqualTo("covers/1: drift(brightness)");
        assertThat(body.get("model").asText()).isEqualTo("covers");
        assertThat(body.get("version").asText()).isEqualTo("1");
        assertThat(body.get("value").asDouble()).isZero();
    }

    @Test
    void estimatedRuleFiringBeforeTheServerStarted_staysFiring_untilTheEstimateIsWarm_thenResolves() throws Exception {
        home.register("covers", 0.6);
        store.registry().setAlias("test", "covers", "champion", 1, null);
        saveReference("1", 0.6); // levels above 128 are defects, and the model rejects them: recall near 1
        AlertState fired = new AlertState("covers/1: estimated_recall < 0.5", AlertState.Status.FIRING,
                Instant.parse("2025-04-01T09:59:00Z"), 0.2, "estimated_recall < 0.5 (value 0.2000): firing");
        store.monitoring().saveAlertState(fired);
        List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        start(List.of("estimated_recall < 0.5"), List.of(webhook(received)));

        sendSteadyImages(MonitorMetrics.ESTIMATE_WARM_UP - 1); // evaluated after each written batch

        assertThat(store.monitoring().alertStates()).containsExactly(fired); // not resolved, same since
        assertThat(received).isEmpty();

        sendSteadyImages(MonitorMetrics.ESTIMATE_WARM_UP - 1, MonitorMetrics.ESTIMATE_WARM_UP);

        await(Duration.ofSeconds(20), "the webhook receives the resolved alert", () -> !received.isEmpty());
        JsonNode body = ServingFixture.JSON.readTree(received.getFirst());
        assertThat(body.get("status").asText()).isEqualTo("resolved");
        assertThat(body.get("rule").asText()).isEqualTo("covers/1: estimated_recall < 0.5");
        assertThat(body.get("value").asDouble()).isGreaterThanOrEqualTo(0.5); // the condition no longer holds
        assertThat(received).hasSize(1);
    }
}
