package dev.loupe.monitor.log;

import dev.loupe.core.decision.Decision;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.core.store.BlobId;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.core.store.file.FileBlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The prediction log's retention over an in-memory log. */
class RetentionTest {
    private static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void apply_predictionFromAStationClockAtEpoch_skipsTheEmptyHoursBetween() throws Exception {
        CountingLog log = new CountingLog();
        log.append(List.of(logged("clock not set", Instant.EPOCH.plusSeconds(5)),
                logged("40 days old", NOW.minus(Duration.ofDays(40))), logged("today", NOW)));

        Retention.Result r;
        try (FileBlobStore blobs = new FileBlobStore(dir)) {
            r = new Retention(Duration.ofDays(30), Clock.fixed(NOW, ZoneOffset.UTC)).apply(store(log), blobs);
        }

        assertThat(r.deleted()).isEqualTo(2);
        assertThat(log.byRequestId("today")).isPresent();
        assertThat(log.deletes).as("one step per hour that holds predictions, not one per hour since 1970").isLessThan(10);
    }

    private static LoggedPrediction logged(String id, Instant at) {
        return new LoggedPrediction(at, "parts", "1", "st1", id, Optional.empty(), 0.9, "defect", Decision.PASS, 1_000L,
                Optional.empty(), Optional.empty());
    }

    /** A metadata store with only what retention uses: the log, a pack index and blob references. */
    private static MetadataStore store(CountingLog log) {
        MemoryPackedImages packed = new MemoryPackedImages();
        return (MetadataStore) Proxy.newProxyInstance(RetentionTest.class.getClassLoader(), new Class<?>[]{MetadataStore.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "predictions" -> log;
                    case "packedImages" -> packed;
                    case "blobReferences" -> (dev.loupe.core.store.BlobReferences) ids -> {
                        var free = new HashSet<BlobId>(ids);
                        log.all().forEach(p -> p.image().ifPresent(free::remove));
                        return free;
                    };
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static final class CountingLog extends MemoryPredictionLog {
        int deletes;

        @Override
        public synchronized long deleteOlderThan(Instant cutoff) {
            deletes++;
            return super.deleteOlderThan(cutoff);
        }
    }
}
