package dev.loupe.server.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.image.ImageStats;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.core.store.file.FileBlobStore;
import dev.loupe.store.jdbc.SqliteMetadataStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

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
            EdgeRecords.Result r = new EdgeRecords(store.predictions(), blobs).store(records);

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
}
