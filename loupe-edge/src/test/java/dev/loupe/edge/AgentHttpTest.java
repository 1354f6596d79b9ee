package dev.loupe.edge;

import dev.loupe.core.model.ModelPackage;
import dev.loupe.edge.cli.EdgeMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A camera pushing images to {@code POST /ingest}, the decisions in the JSON-lines log, and /metrics valid for promtool. */
class AgentHttpTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void ingest_pushedImages_areDecidedLoggedAndCountedInValidMetrics() throws Exception {
        ModelPackage pkg = TestPackages.covers("covers", 0.59, Optional.empty());
        Path zip = dir.resolve("covers.zip");
        pkg.writeZip(zip);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = dir.resolve("events.jsonl");
        AtomicInteger exit = new AtomicInteger(-1);
        Thread agent = Thread.ofPlatform().start(() -> exit.set(EdgeMain.run(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), "edge", "--station", "cam", "--source", "http", "--model", zip.toString(),
                "--state", dir.resolve("state").toString(), "--listen", "127.0.0.1:" + port, "--no-status",
                "--log", log.toString(), "--max-frames", "4")));
        // plain HTTP/1.1, as inspection software speaks it: the default client first offers an h2c upgrade,
        // which the agent's HTTP/1.1 server does not speak (and CI once saw the connection closed unanswered)
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI ingest = URI.create("http://127.0.0.1:" + port + "/ingest");
        Await.until("the agent listens", Duration.ofSeconds(20), () -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
        byte[] png = new dev.loupe.data.generate.ProductionLine(dev.loupe.data.generate.Scenario.STABLE, 1,
                dev.loupe.data.generate.LineOptions.defaults().withSize(32)).frame(0).png();
        for (String frame : List.of("f1", "f2")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(ingest).header("X-Frame-Id", frame)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(png)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(202);
            assertThat(r.body()).contains("cam-h-" + frame);
        }
        HttpResponse<String> junk = http.send(HttpRequest.newBuilder(ingest).POST(HttpRequest.BodyPublishers.ofString("not an image"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(junk.statusCode()).isEqualTo(202); // accepted; decided as unreadable -> review
        Await.until("3 decisions logged", Duration.ofSeconds(20), () -> lines(log) >= 3);
        HttpResponse<String> retry = http.send(HttpRequest.newBuilder(ingest).header("X-Frame-Id", "f1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(png)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(retry.statusCode()).as("a camera's retry of a frame already taken").isEqualTo(200);
        assertThat(retry.body()).contains("\"id\":\"cam-h-f1\"", "\"duplicate\":true");
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        http.send(HttpRequest.newBuilder(ingest).POST(HttpRequest.BodyPublishers.ofByteArray(png)).build(),
                HttpResponse.BodyHandlers.discarding()); // the fourth and last part: the agent stops
        agent.join(Duration.ofSeconds(20));
        assertThat(exit.get()).isZero();

        assertThat(Files.readString(log)).contains("\"id\":\"cam-h-f1\"", "\"id\":\"cam-h-f2\"", "no model answered: unreadable image");
        assertThat(Files.readAllLines(log)).as("f1 decided once, its retry not again").filteredOn(l -> l.contains("\"id\":\"cam-h-f1\""))
                .hasSize(1);
        assertThat(metrics).contains("loupe_edge_frames_total{station=\"cam\"} 3",
                "loupe_edge_decisions_total{station=\"cam\",decision=\"review\"}");
        Path file = dir.resolve("metrics.txt");
        Files.writeString(file, metrics);
        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectInput(file.toFile())
                .redirectErrorStream(true).start();
        String verdict = new String(promtool.getInputStream().readAllBytes());
        assertThat(promtool.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(promtool.exitValue()).as(verdict).isZero();
    }

    private static long lines(Path log) {
        try {
            return Files.exists(log) ? Files.readAllLines(log).size() : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
