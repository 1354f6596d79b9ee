package dev.loupe.server.retention;

import dev.loupe.core.decision.Decision;
import dev.loupe.core.monitoring.LoggedImages;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.core.store.BlobId;
import dev.loupe.core.store.file.FileBlobStore;
import dev.loupe.monitor.log.Retention;
import dev.loupe.store.jdbc.SqliteMetadataStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The server's own retention: runs on its schedule over the real stores, and keeps running. */
class RetentionScheduleTest {
    @TempDir
    Path dir;

    @Test
    void start_runsRetentionOnItsScheduleAndAgain() throws Exception {
        Instant now = Instant.now();
        // packs placed an hour ago, past retention's grace for packs being written
        try (SqliteMetadataStore store = new SqliteMetadataStore(dir.resolve("loupe.db"), Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)));
             FileBlobStore blobs = new FileBlobStore(dir.resolve("blobs"))) {
            List<BlobId> kept = new LoggedImages(blobs, store.packedImages())
                    .keep(List.of("old reject".getBytes(StandardCharsets.UTF_8), "old review".getBytes(StandardCharsets.UTF_8)));
            store.predictions().append(List.of(logged("old", now.minus(Duration.ofDays(40)), kept.get(0)),
                    logged("older", now.minus(Duration.ofDays(41)), kept.get(1)), logged("today", now, null)));
            LinkedBlockingQueue<Retention.Result> runs = new LinkedBlockingQueue<>();

            try (RetentionSchedule ignored = RetentionSchedule.start(new Retention(Duration.ofDays(30), Clock.systemUTC()), store, blobs,
                    Duration.ZERO, Duration.ofMillis(50), runs::add)) {
                Retention.Result first = runs.poll(30, TimeUnit.SECONDS);
                assertThat(first).as("the first run").isNotNull();
                assertThat(first.deleted()).isEqualTo(2);
                assertThat(first.images().packs()).isEqualTo(1);
                Retention.Result second = runs.poll(30, TimeUnit.SECONDS);
                assertThat(second).as("and the next, on the period").isNotNull();
                assertThat(second.deleted()).isZero();
            }
            assertThat(store.predictions().byRequestId("today")).isPresent();
            assertThat(store.predictions().byRequestId("old")).isEmpty();
            assertThat(blobs.list()).isEmpty();
        }
    }

    private static LoggedPrediction logged(String id, Instant at, BlobId image) {
        return new LoggedPrediction(at, "parts", "1", "st1", id, Optional.empty(), 0.9, "defect", Decision.REJECT, 1_000L,
                Optional.ofNullable(image), Optional.empty());
    }
}
