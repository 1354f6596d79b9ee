package dev.loupe.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.data.generate.LineOptions;
import dev.loupe.data.generate.ProductionLine;
import dev.loupe.data.generate.Scenario;
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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the agent starts: the model loading beside the rest, the summary saying where the start went, and a watched
 * folder that is not there yet.
 */
class EdgeStartTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void edge_localModel_summaryReportsTheFirstDecisionAndEachStartStep() throws Exception {
        Path zip = dir.resolve("covers.zip");
        TestPackages.covers("covers", 0.59, Optional.empty()).writeZip(zip);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = EdgeMain.run(new PrintWriter(out), new PrintWriter(err), "edge", "--source", "synthetic:stable", "--size", "32",
                "--model", zip.toString(), "--state", dir.resolve("state").toString(), "--listen", "127.0.0.1:0",
                "--no-status", "--sync-interval-s", "0", "--max-frames", "3");

        assertThat(exit).as(err.toString()).isZero();
        JsonNode summary = new ObjectMapper().readTree(out.toString().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow());
        assertThat(summary.path("frames").asLong()).isEqualTo(3);
        JsonNode steps = summary.path("startup_ms");
        assertThat(steps.has("parsed") && steps.has("model_warm") && steps.has("spool") && steps.has("ready")).as(steps.toString()).isTrue();
        assertThat(steps.path("model_warm").asLong()).isLessThanOrEqualTo(steps.path("ready").asLong());
        assertThat(summary.path("first_decision_ms").asLong()).isGreaterThanOrEqualTo(steps.path("ready").asLong());
        assertThat(summary.path("cpu_ms").asLong()).isPositive();
    }

    @Test
    @Timeout(60)
    void edge_folderNotThereAtStart_startsAndDecidesItsImagesOnceItIsMounted() throws Exception {
        Path zip = dir.resolve("covers.zip");
        TestPackages.covers("covers", 0.59, Optional.empty()).writeZip(zip);
        Path share = dir.resolve("share/line-2"); // mounted a few seconds after the box boots
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> agent = CompletableFuture.supplyAsync(() -> EdgeMain.run(new PrintWriter(new StringWriter()),
                new PrintWriter(err), "edge", "--station", "cam", "--source", "folder:" + share, "--model", zip.toString(),
                "--state", dir.resolve("state").toString(), "--listen", "127.0.0.1:" + port, "--no-status",
                "--sync-interval-s", "0", "--max-frames", "2"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Await.until("the agent listens, or ends", Duration.ofSeconds(30), () -> agent.isDone() || answers(http, port));
        assertThat(agent.isDone()).as("the agent ended before the folder came: " + err).isFalse();

        Files.createDirectories(share);
        var line = new ProductionLine(Scenario.STABLE, 1, LineOptions.defaults().withSize(32));
        for (int i = 0; i < 2; i++) {
            Files.write(share.resolve(i + ".png"), line.frame(i).png());
        }
        assertThat(agent.get(30, TimeUnit.SECONDS)).as(err.toString()).isZero();
        assertThat(Files.readAllLines(dir.resolve("state/folder-ledger"))).filteredOn(l -> !l.isBlank()).hasSize(2);
    }

    private static boolean answers(HttpClient http, int port) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }
}
