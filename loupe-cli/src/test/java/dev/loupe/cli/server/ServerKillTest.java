package dev.loupe.cli.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.cli.CliRun;
import dev.loupe.store.jdbc.SqliteMetadataStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code loupe server} (a child JVM, SQLite store, prediction logging on) killed with SIGKILL right after it
 * acknowledged a label: the label and the prediction it labels are in the store when it is opened again.
 */
class ServerKillTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("Loupe server listening on (http://\\S+)");

    @TempDir
    Path dir;

    @Test
    @Timeout(240)
    void server_killedRightAfterAFeedbackAnswer_keepsTheLabelAndTheLabelledPredictions() throws Exception {
        Path home = dir.resolve("home");
        Path line = dir.resolve("line");
        assertThat(CliRun.of("data", "generate", "--out", line.toString(), "--count", "40", "--size", "32", "--seed", "3")
                .exitCode()).isZero();
        assertThat(CliRun.of("data", "import", line.resolve("manifest.csv").toString(), "--name", "covers", "--format",
                "manifest", "--home", home.toString()).exitCode()).isZero();
        CliRun train = CliRun.of("train", "--dataset", "covers", "--trainer", "baseline", "--name", "covers-rules",
                "--home", home.toString());
        assertThat(train.exitCode()).as(train.toString()).isZero();
        assertThat(CliRun.of("models", "alias", "covers-rules", "champion", "1", "--home", home.toString()).exitCode()).isZero();
        byte[] image;
        try (var images = Files.walk(line)) {
            image = Files.readAllBytes(images.filter(p -> p.toString().endsWith(".png")).findFirst().orElseThrow());
        }

        Path out = dir.resolve("server.out");
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", System.getProperty("java.class.path"), "dev.loupe.cli.Main",
                "server", "--port", "0", "--grpc-port", "-1", "--triggers", "off", "--home", home.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        List<String> answered = new ArrayList<>();
        String label;
        try {
            String url = awaitUrl(server, out);
            HttpClient http = HttpClient.newHttpClient();
            JsonNode last = null;
            for (int i = 0; i < 50; i++) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/models/covers-rules/inspect"))
                        .header("X-Request-Id", "part-" + i).POST(HttpRequest.BodyPublishers.ofByteArray(image)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                answered.add("part-" + i);
                last = JSON.readTree(r.body());
            }
            label = last.findValue("label").asText();
            HttpResponse<String> feedback = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/feedback"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"request_id\": \"part-49\", \"label\": \"" + label
                            + "\", \"source\": \"ana\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(feedback.statusCode()).as(feedback.body()).isEqualTo(200);
        } finally {
            server.destroyForcibly(); // SIGKILL: no shutdown hook, the recorder's buffer is not written
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        try (SqliteMetadataStore store = new SqliteMetadataStore(home.resolve("loupe.db"))) {
            assertThat(store.feedback().forRequest("part-49")).singleElement()
                    .satisfies(f -> assertThat(f.label()).isEqualTo(label));
            assertThat(store.predictions().byRequestId("part-49")).as("the labelled prediction").isPresent();
            for (String id : answered) {
                assertThat(store.predictions().byRequestId(id)).as("answered before the label: " + id).isPresent();
            }
        }
    }

    private static String awaitUrl(Process server, Path out) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            String text = Files.readString(out);
            Matcher m = LISTENING.matcher(text);
            if (m.find()) {
                return m.group(1);
            }
            assertThat(server.isAlive()).as(text).isTrue();
            assertThat(System.nanoTime()).as("not listening within 90 s:\n" + text).isLessThan(deadline);
            server.waitFor(50, TimeUnit.MILLISECONDS);
        }
    }
}
