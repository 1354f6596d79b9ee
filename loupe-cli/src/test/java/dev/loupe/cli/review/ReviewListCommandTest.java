package dev.loupe.cli.review;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.cli.CliRun;
import dev.loupe.core.decision.Decision;
import dev.loupe.core.image.ImageStats;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.core.store.BlobId;
import dev.loupe.core.store.file.FileBlobStore;
import dev.loupe.server.edge.EdgeApi;
import dev.loupe.store.jdbc.SqliteMetadataStore;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code loupe review list} against the platform's real {@code GET /v1/review}, over a socket on 127.0.0.1. */
class ReviewListCommandTest {
    static final ImageStats STATS = new ImageStats(0.5, 0.1, 1, 0.5, 0.5, 0.5, 0);
    static final Instant T = Instant.parse("2024-05-01T12:00:00.123Z");

    @TempDir
    Path dir;
    SqliteMetadataStore store;
    FileBlobStore blobs;
    WebServer server;

    @BeforeEach
    void start() throws Exception {
        store = new SqliteMetadataStore(dir.resolve("loupe.db"));
        blobs = new FileBlobStore(dir.resolve("blobs"));
        server = WebServer.builder().host("127.0.0.1").port(0).routing(new EdgeApi(store, blobs)::register).build().start();
    }

    @AfterEach
    void stop() {
        server.stop();
        blobs.close();
        store.close();
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    void review(String requestId, Instant at, double score, Optional<BlobId> image) {
        store.predictions().append(List.of(new LoggedPrediction(at, "parts", "3", "cam-1", requestId, STATS, score, "defect",
                Decision.REVIEW, 1000, image)));
    }

    @Test
    void list_json_isTheServersDocumentWithUnknownsNull() {
        BlobId blob = BlobId.of("a".repeat(64));
        review("with-image", T, 0.61, Optional.of(blob));
        review("no-score", T.plusSeconds(1), Double.NaN, Optional.empty());

        CliRun r = CliRun.of("review", "list", "--server", url(), "--json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).doesNotContain("NaN");
        JsonNode items = r.json().get("items");
        assertThat(items).hasSize(2);
        JsonNode noScore = items.get(0);
        assertThat(noScore.get("request_id").asText()).isEqualTo("no-score");
        assertThat(noScore.get("score").isNull()).isTrue();
        assertThat(noScore.get("image").isNull()).as("null, not left out").isTrue();
        JsonNode withImage = items.get(1);
        assertThat(withImage.get("request_id").asText()).isEqualTo("with-image");
        assertThat(withImage.get("time").asText()).isEqualTo("2024-05-01T12:00:00.123Z");
        assertThat(withImage.get("model").asText()).isEqualTo("parts");
        assertThat(withImage.get("version").asText()).isEqualTo("3");
        assertThat(withImage.get("station").asText()).isEqualTo("cam-1");
        assertThat(withImage.get("score").asDouble()).isEqualTo(0.61);
        assertThat(withImage.get("label").asText()).isEqualTo("defect");
        assertThat(withImage.get("image").asText()).isEqualTo("/blobs/" + blob.sha256());
    }

    @Test
    void list_json_nothingWaiting_isAnEmptyArrayNotAMessage() {
        CliRun r = CliRun.of("review", "list", "--server", url(), "--json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode items = r.json().get("items");
        assertThat(items.isArray()).isTrue();
        assertThat(items).isEmpty();
    }

    @Test
    void list_text_aPartWithoutAScoreShowsADash() {
        review("no-score", T, Double.NaN, Optional.empty());

        CliRun r = CliRun.of("review", "list", "--server", url());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("no-score\\s+\\S+\\s+cam-1\\s+parts/3\\s+-\\s+-").contains("1 waiting");
    }
}
