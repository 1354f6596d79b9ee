package dev.loupe.server.console;

import dev.loupe.core.decision.Decision;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.core.store.file.FileBlobStore;
import dev.loupe.server.LoupeServer;
import dev.loupe.store.jdbc.SqliteMetadataStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every console page over a prediction log of {@value #PREDICTIONS} predictions made in the last hour (the
 * worst case for the hour's aggregates), on SQLite. Prints each page's median and worst render time over
 * HTTP ({@value #ROUNDS} rounds after a warm-up); asserts only that each page answers with its content.
 *
 * <p>Run: {@code ./mvnw -B -q -ntp -pl loupe-server -am verify -Dtest=ConsolePagesAtScaleTest
 * -Dsurefire.failIfNoSpecifiedTests=false} and read the {@code console-bench} lines.
 */
class ConsolePagesAtScaleTest {
    static final int PREDICTIONS = 100_000;
    static final int ROUNDS = 5;

    @TempDir
    Path dir;

    @Test
    void everyPage_answersOverAHundredThousandPredictions() throws Exception {
        Instant now = Instant.now();
        try (SqliteMetadataStore store = new SqliteMetadataStore(dir.resolve("loupe.db"));
             FileBlobStore blobs = new FileBlobStore(dir.resolve("blobs"))) {
            ConsoleSeed seed = ConsoleSeed.seed(store, blobs, dir, now);
            long t0 = System.nanoTime();
            List<LoggedPrediction> batch = new ArrayList<>();
            for (int i = 0; i < PREDICTIONS; i++) {
                Instant t = now.minusMillis(3_500_000L - i * 35L);
                double score = (i * 7919 % 1000) / 1000.0;
                Decision d = i % 20 == 0 ? Decision.REVIEW : score >= 0.5 ? Decision.REJECT : Decision.PASS;
                batch.add(new LoggedPrediction(t, i % 2 == 0 ? ConsoleSeed.MODEL : "scratch-cnn", "1", "line-" + i % 4, "bulk-" + i,
                        ConsoleSeed.stats(0.5 + (i % 100) / 1000.0), score, score >= 0.5 ? "defect" : "ok", d, 1_800_000,
                        Optional.empty()));
                if (batch.size() == 10_000) {
                    store.predictions().append(batch);
                    batch.clear();
                }
            }
            System.out.printf(Locale.ROOT, "console-bench: logged %,d predictions in %.1f s%n", PREDICTIONS, (System.nanoTime() - t0) / 1e9);
            try (LoupeServer server = LoupeServer.start(new LoupeServer.Config("127.0.0.1", 0), store, blobs, ConsoleConfig.defaults())) {
                HttpClient http = HttpClient.newHttpClient();
                String version = "/data/" + seed.dataset.name() + "/" + seed.dataset.id();
                List<String> pages = List.of("/", "/data", version, "/experiments", "/experiments/compare?run=" + seed.runV1
                        + "&run=" + seed.runV2, "/models", "/models/" + ConsoleSeed.MODEL, "/monitoring",
                        "/monitoring/" + ConsoleSeed.MODEL, "/review", "/live");
                for (String page : pages) {
                    HttpRequest req = HttpRequest.newBuilder(URI.create(server.url() + page)).build();
                    HttpResponse<String> first = http.send(req, HttpResponse.BodyHandlers.ofString());
                    assertThat(first.statusCode()).as(page).isEqualTo(200);
                    assertThat(first.body()).as(page).contains("</main>");
                    double[] ms = new double[ROUNDS];
                    for (int r = 0; r < ROUNDS; r++) {
                        long s = System.nanoTime();
                        http.send(req, HttpResponse.BodyHandlers.ofString());
                        ms[r] = (System.nanoTime() - s) / 1e6;
                    }
                    Arrays.sort(ms);
                    System.out.printf(Locale.ROOT, "console-bench: %-40s median %6.1f ms  max %6.1f ms  (%,d bytes)%n",
                            page.length() > 40 ? page.substring(0, 37) + "..." : page, ms[ROUNDS / 2], ms[ROUNDS - 1], first.body().length());
                }
            }
        }
    }
}
