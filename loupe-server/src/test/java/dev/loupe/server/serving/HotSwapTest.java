package dev.loupe.server.serving;

import dev.loupe.server.LoupeServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static dev.loupe.server.serving.ServingFixture.await;
import static dev.loupe.server.serving.ServingFixture.quietly;
import static org.assertj.core.api.Assertions.assertThat;

/** Promote and roll back under concurrent load: traffic switches with zero failed requests. */
class HotSwapTest {
    @TempDir
    Path dir;

    private ServedHome home;
    private LoupeServer server;

    @BeforeEach
    void start() throws Exception {
        home = new ServedHome(dir);
        home.register("covers", 0.5);
        home.register("covers", 0.6);
        home.alias("covers", "champion", 1);
        server = home.start(ServingFixture.fastPolling());
    }

    @AfterEach
    void stop() {
        home.close();
    }

    @Test
    void promoteAndRollback_underConcurrentLoad_zeroFailedRequests() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong ok = new AtomicLong();
        List<String> failures = new CopyOnWriteArrayList<>();
        Map<String, AtomicLong> byVersion = new ConcurrentHashMap<>();
        List<Thread> clients = new java.util.ArrayList<>();
        byte[] image = ServingFixture.gray(120);
        for (int t = 0; t < 4; t++) {
            clients.add(Thread.ofPlatform().start(() -> {
                while (running.get()) {
                    try {
                        HttpResponse<String> r = ServingFixture.inspect(server, "covers", image, null, null);
                        if (r.statusCode() != 200) {
                            failures.add(r.statusCode() + " " + r.body());
                        } else {
                            ok.incrementAndGet();
                            byVersion.computeIfAbsent(ServingFixture.json(r).get("version").asText(), v -> new AtomicLong()).incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            }));
        }
        await(Duration.ofSeconds(20), "traffic on version 1", () -> byVersion.containsKey("1") && ok.get() > 50);
        home.store.registry().setAlias("ana", "covers", "champion", 2, "promote"); // as the CLI or another server would
        await(Duration.ofSeconds(20), "version 2 served", quietly(() -> byVersion.getOrDefault("2", new AtomicLong()).get() > 50));
        long onTwo = byVersion.get("2").get();
        home.store.registry().setAlias("ana", "covers", "champion", 1, "roll back");
        await(Duration.ofSeconds(20), "version 1 served again", quietly(() -> "1".equals(ServingFixture.servedVersion(server, "covers"))));
        long before = ok.get();
        await(Duration.ofSeconds(20), "more traffic after the rollback", () -> ok.get() > before + 50);
        running.set(false);
        for (Thread c : clients) {
            c.join();
        }
        assertThat(failures).isEmpty();
        assertThat(onTwo).isPositive();
        String metrics = ServingFixture.get(server, "/metrics").body();
        assertThat(metrics).contains("loupe_model_loads_total 3").contains("loupe_model_unloads_total 2")
                .contains("loupe_requests_total{model=\"covers\",version=\"2\",outcome=\"ok\"}");
    }
}
