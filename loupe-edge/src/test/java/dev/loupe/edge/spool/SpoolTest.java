package dev.loupe.edge.spool;

import dev.loupe.core.decision.Decision;
import dev.loupe.core.image.ImageStats;
import dev.loupe.edge.record.EdgeRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SpoolTest {
    @TempDir
    Path dir;

    static EdgeRecord record(String id) {
        return new EdgeRecord(id, "st1", 0, Instant.parse("2025-01-01T00:00:00Z"), "test", "m", "1",
                OptionalDouble.of(0.7), "defect", Decision.REJECT, "score 0.7 >= 0.5", EdgeRecord.Via.LOCAL, 1000,
                new ImageStats(0.5, 0.1, 0.01, 0.5, 0.5, 0.5, 0));
    }

    static SpoolConfig small() {
        return SpoolConfig.defaults().withMaxBytes(4L << 20).withSegmentBytes(64 * 1024).withFsync(new FsyncPolicy.Never());
    }

    @Test
    void read_afterAppends_givesRecordsInOrderWithSequences() throws IOException {
        try (Spool s = Spool.open(dir, small())) {
            for (int i = 0; i < 1000; i++) {
                s.append(record("r" + i), i % 10 == 0 ? new byte[]{1, 2, 3} : new byte[0]);
            }
            List<Spool.Entry> all = drain(s, 0);
            assertThat(all).hasSize(1000);
            assertThat(all.get(0).record().id()).isEqualTo("r0");
            assertThat(all.get(0).image()).containsExactly(1, 2, 3);
            assertThat(all.get(999).record().sequence()).isEqualTo(1000);
            assertThat(all.stream().map(e -> e.record().sequence())).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void ack_deletesFinishedSegments_andReopenContinuesAfterAcked() throws IOException {
        try (Spool s = Spool.open(dir, small())) {
            for (int i = 0; i < 2000; i++) {
                s.append(record("r" + i), new byte[100]);
            }
            long before = segments();
            s.ack(1500);
            assertThat(segments()).isLessThan(before);
            assertThat(s.depth()).isEqualTo(500);
        }
        try (Spool s = Spool.open(dir, small())) {
            assertThat(s.acked()).isEqualTo(1500);
            List<Spool.Entry> rest = drain(s, s.acked());
            assertThat(rest).hasSize(500);
            assertThat(rest.getFirst().record().id()).isEqualTo("r1500");
            assertThat(s.append(record("next"), new byte[0]).sequence()).isEqualTo(2001);
        }
    }

    @Test
    void open_afterTornTail_dropsOnlyTheTornRecord() throws IOException {
        try (Spool s = Spool.open(dir, small())) {
            for (int i = 0; i < 10; i++) {
                s.append(record("r" + i), new byte[0]);
            }
        }
        Path seg = newestSegment();
        long size = Files.size(seg);
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
            ch.truncate(size - 7); // a crash in the middle of the last frame
        }
        try (Spool s = Spool.open(dir, small())) {
            assertThat(drain(s, 0)).extracting(e -> e.record().id()).containsExactly(
                    "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8");
            assertThat(s.append(record("r9again"), new byte[0]).sequence()).isEqualTo(10);
            assertThat(s.last().orElseThrow().id()).isEqualTo("r9again");
        }
    }

    @Test
    void open_afterCorruptedTail_stopsAtTheBadChecksum() throws IOException {
        try (Spool s = Spool.open(dir, small())) {
            for (int i = 0; i < 5; i++) {
                s.append(record("r" + i), new byte[0]);
            }
        }
        Path seg = newestSegment();
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[]{'X'}), Files.size(seg) - 20);
        }
        try (Spool s = Spool.open(dir, small())) {
            assertThat(drain(s, 0)).hasSize(4);
        }
    }

    @Test
    void open_afterOneDamagedRecordInTheMiddle_keepsTheRecordsAfterIt_andCountsTheLoss() throws IOException {
        long middle;
        try (Spool s = Spool.open(dir, small())) {
            for (int i = 0; i < 20; i++) {
                s.append(record("r" + i), new byte[]{1, 2, 3});
            }
            middle = s.bytes() / 2;
        }
        Path seg = newestSegment();
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[]{'X'}), middle); // one flipped byte, not a torn tail
        }
        try (Spool s = Spool.open(dir, small())) {
            assertThat(s.lastSequence()).isEqualTo(20);
            assertThat(s.last().orElseThrow().id()).isEqualTo("r19");
            List<Spool.Entry> all = drain(s, 0);
            assertThat(all).hasSize(19);
            assertThat(all.getLast().record().id()).isEqualTo("r19");
            assertThat(s.recordsDamaged()).isEqualTo(1);
            drain(s, 0); // read again (an upload retried): counted once
            assertThat(s.recordsDamaged()).isEqualTo(1);
            assertThat(s.append(record("r20"), new byte[0]).sequence()).isEqualTo(21);
        }
    }

    @Test
    void read_damagedRecordInAClosedSegment_skipsOnlyIt() throws IOException {
        try (Spool s = Spool.open(dir, small())) {
            for (int i = 0; i < 400; i++) {
                s.append(record("r" + i), new byte[200]);
            }
        }
        Path oldest;
        try (Stream<Path> files = Files.list(dir)) {
            oldest = files.filter(p -> p.getFileName().toString().startsWith("seg-")).sorted().findFirst().orElseThrow();
        }
        try (FileChannel ch = FileChannel.open(oldest, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[]{'X', 'X'}), 30); // inside the first record
        }
        try (Spool s = Spool.open(dir, small())) {
            List<Spool.Entry> all = drain(s, 0);
            assertThat(all).hasSize(399);
            assertThat(all.getFirst().record().id()).isEqualTo("r1");
            assertThat(s.recordsDamaged()).isEqualTo(1);
        }
    }

    @Test
    void open_withDamagedAckFile_opensAndSendsEverythingAgain() throws IOException {
        try (Spool s = Spool.open(dir, small())) {
            for (int i = 0; i < 5; i++) {
                s.append(record("r" + i), new byte[0]);
            }
            s.ack(2);
        }
        Files.writeString(dir.resolve("ack"), "\u0000\u0000garbage");
        try (Spool s = Spool.open(dir, small())) {
            assertThat(s.acked()).isZero();
            assertThat(drain(s, s.acked())).extracting(e -> e.record().id()).containsExactly("r0", "r1", "r2", "r3", "r4");
            assertThat(s.append(record("r5"), new byte[0]).sequence()).isEqualTo(6);
        }
    }

    @Test
    void append_pastImageShare_dropsImagesFirstThenRecords_countingBoth() throws IOException {
        SpoolConfig cfg = new SpoolConfig(1 << 20, 0.5, 64 * 1024, new FsyncPolicy.Never());
        try (Spool s = Spool.open(dir, cfg)) {
            byte[] image = new byte[20_000];
            int kept = 0;
            int recordsOnly = 0;
            int dropped = 0;
            for (int i = 0; i < 10_000; i++) {
                Spool.Appended a = s.append(record("r" + i), image);
                if (a.dropped()) {
                    dropped++;
                } else if (a.imageDropped()) {
                    recordsOnly++;
                } else {
                    kept++;
                }
            }
            assertThat(kept).isBetween(20, 30);            // ~0.5 MiB of images
            assertThat(recordsOnly).isGreaterThan(1000);  // then records without images
            assertThat(dropped).isGreaterThan(0);         // then nothing: counted
            assertThat(s.imagesDropped()).isEqualTo(recordsOnly);
            assertThat(s.recordsDropped()).isEqualTo(dropped);
            assertThat(s.bytes()).isLessThanOrEqualTo(1 << 20);
        }
    }

    @Test
    void open_whileAnotherAgentHoldsIt_fails() throws IOException {
        try (Spool s = Spool.open(dir, small())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Spool.open(dir, small()))
                    .hasMessageContaining("in use");
        }
    }

    static List<Spool.Entry> drain(Spool s, long after) {
        List<Spool.Entry> out = new java.util.ArrayList<>();
        while (true) {
            List<Spool.Entry> b = s.read(after, 100, 1 << 20);
            if (b.isEmpty()) {
                return out;
            }
            out.addAll(b);
            after = b.getLast().record().sequence();
        }
    }

    private long segments() throws IOException {
        try (Stream<Path> f = Files.list(dir)) {
            return f.filter(p -> p.getFileName().toString().startsWith("seg-")).count();
        }
    }

    private Path newestSegment() throws IOException {
        try (Stream<Path> f = Files.list(dir)) {
            return f.filter(p -> p.getFileName().toString().startsWith("seg-")).sorted().reduce((a, b) -> b).orElseThrow();
        }
    }
}
