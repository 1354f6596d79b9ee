package dev.loupe.server.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.image.ImageStats;
import dev.loupe.core.monitoring.LoggedImages;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.core.store.file.FileBlobStore;
import dev.loupe.store.jdbc.SqliteMetadataStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** Edge records as the prediction log keeps them: a statistic the agent did not send is unknown, not 0. */
class EdgeRecordsTest {
    @TempDir
    Path dir;

    @Test
    void store_statisticAbsentOrNull_isLoggedAsNaN_theOthersAsSent() throws Exception {
        JsonNode records = new ObjectMapper().readTree("""
                [{"id": "cam-1-7", "station": "cam-1", "time": "2026-12-07T10:00:00Z", "model": "covers", "version": "3",
                  "score": 0.25, "label": "ok", "decision": "pass", "latency_ns": 1000,
                  "stats": {"brightness": 0.5, "contrast": null, "red": 0.4, "green": 0.4, "blue": 0.4, "saturation": 0.1}}]
                """);
        try (SqliteMetadataStore store = new SqliteMetadataStore(dir.resolve("loupe.db"));
             FileBlobStore blobs = new FileBlobStore(dir.resolve("blobs"))) {
            EdgeRecords.Result r = new EdgeRecords(store.predictions(), new LoggedImages(blobs, store.packedImages())).store(records);

            assertThat(r.stored()).isEqualTo(1);
            LoggedPrediction p = store.predictions().byRequestId("cam-1-7").orElseThrow();
            ImageStats s = p.stats().orElseThrow();
            assertThat(s.brightness()).isEqualTo(0.5);
            assertThat(s.contrast()).isNaN(); // null
            assertThat(s.sharpness()).isNaN(); // absent
            assertThat(s.saturation()).isEqualTo(0.1);
            assertThat(p.score()).isEqualTo(0.25);
        }
    }

    @Test
    void store_imagesOfABatch_goIntoOnePackThatEachPredictionReadsItsImageFrom() throws Exception {
        String a = Base64.getEncoder().encodeToString("reject image".getBytes(StandardCharsets.UTF_8));
        String b = Base64.getEncoder().encodeToString("review image".getBytes(StandardCharsets.UTF_8));
        JsonNode records = new ObjectMapper().readTree("""
                [{"id": "r1", "station": "cam-1", "time": "2026-12-07T10:00:00Z", "model": "covers", "version": "3",
                  "score": 0.9, "label": "defect", "decision": "reject", "latency_ns": 1000, "image": "%s"},
                 {"id": "r2", "station": "cam-1", "time": "2026-12-07T10:00:01Z", "model": "covers", "version": "3",
                  "score": 0.1, "label": "ok", "decision": "pass", "latency_ns": 1000},
                 {"id": "r3", "station": "cam-1", "time": "2026-12-07T10:00:02Z", "model": "covers", "version": "3",
                  "score": 0.5, "label": "defect", "decision": "review", "latency_ns": 1000, "image": "%s"}]
                """.formatted(a, b));
        try (SqliteMetadataStore store = new SqliteMetadataStore(dir.resolve("loupe.db"));
             FileBlobStore blobs = new FileBlobStore(dir.resolve("blobs"))) {
            LoggedImages images = new LoggedImages(blobs, store.packedImages());
            assertThat(new EdgeRecords(store.predictions(), images).store(records).stored()).isEqualTo(3);

            assertThat(blobs.list()).as("one pack for the batch").hasSize(1);
            assertThat(images.read(store.predictions().byRequestId("r1").orElseThrow().image().orElseThrow()))
                    .asString(StandardCharsets.UTF_8).isEqualTo("reject image");
            assertThat(store.predictions().byRequestId("r2").orElseThrow().image()).isEmpty();
            assertThat(images.read(store.predictions().byRequestId("r3").orElseThrow().image().orElseThrow()))
                    .asString(StandardCharsets.UTF_8).isEqualTo("review image");
        }
    }
}
