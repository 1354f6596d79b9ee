package dev.loupe.monitor.log;

import dev.loupe.core.decision.Decision;
import dev.loupe.core.monitoring.LoggedImages;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.core.store.BlobId;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.core.store.file.FileBlobStore;
import dev.loupe.core.testing.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The prediction log's retention over an in-memory log and pack index. */
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

    @Test
    void apply_packsNoDeletedPredictionLeadsTo_areSweptOnceTheirGraceIsOver() throws Exception {
        TestClock packClock = new TestClock(NOW.minus(Duration.ofDays(40)));
        CountingLog log = new CountingLog();
        MetadataStore store = store(log, new MemoryPackedImages(packClock, log));
        Retention retention = new Retention(Duration.ofDays(30), Clock.fixed(NOW, ZoneOffset.UTC));
        try (FileBlobStore blobs = new FileBlobStore(dir)) {
            LoggedImages images = new LoggedImages(blobs, store.packedImages());
            BlobId old = images.keep(List.of(bytes("40 days old"))).getFirst();
            log.append(List.of(logged("40 days old", NOW.minus(Duration.ofDays(40))).withImage(old)));
            images.keep(List.of(bytes("append failed"), bytes("so did this")));
            packClock.advance(Duration.ofDays(40).minus(Duration.ofMinutes(20)));
            images.keep(List.of(bytes("logged twice"), bytes("20 min ago")));
            images.keep(List.of(bytes("logged twice"), bytes("20 min ago"), bytes("no prediction yet")));
            packClock.advance(Duration.ofMinutes(15));
            images.keep(List.of(bytes("logged again"), bytes("5 min ago")));
            images.keep(List.of(bytes("logged again"), bytes("5 min ago"), bytes("no prediction either")));

            Retention.Result first = retention.apply(store, blobs);
            Retention.Result again = retention.apply(store, blobs);

            assertThat(first.images()).as("the deleted prediction's pack").isEqualTo(new LoggedImages.Reclaimed(1, 0, 11));
            assertThat(first.swept()).as("the pack never logged, and the one logged again 20 minutes ago")
                    .isEqualTo(new LoggedImages.Reclaimed(2, 0, "append failedso did this".length() + "logged twice20 min ago".length()));
            assertThat(blobs.list()).as("within the grace period, or since the cutoff with predictions yet to come").hasSize(3);
            assertThat(again.swept()).isEqualTo(new LoggedImages.Reclaimed(0, 0, 0));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static LoggedPrediction logged(String id, Instant at) {
        return new LoggedPrediction(at, "parts", "1", "st1", id, Optional.empty(), 0.9, "defect", Decision.PASS, 1_000L,
                Optional.empty(), Optional.empty());
    }

    private static MetadataStore store(CountingLog log) {
        return store(log, new MemoryPackedImages());
    }

    /** A metadata store with only what retention uses: the log, a pack index and blob references. */
    private static MetadataStore store(CountingLog log, MemoryPackedImages packed) {
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
