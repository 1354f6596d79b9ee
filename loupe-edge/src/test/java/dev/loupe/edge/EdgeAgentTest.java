package dev.loupe.edge;

import dev.loupe.core.decision.Decision;
import dev.loupe.core.decision.DecisionPolicy;
import dev.loupe.edge.decide.EdgeEvent;
import dev.loupe.edge.decide.LineDecider;
import dev.loupe.edge.decide.StopRules;
import dev.loupe.edge.infer.Answer;
import dev.loupe.edge.infer.Inference;
import dev.loupe.edge.infer.InferenceFailure;
import dev.loupe.edge.metrics.EdgeMetrics;
import dev.loupe.edge.output.LineOutput;
import dev.loupe.edge.record.EdgeRecord;
import dev.loupe.edge.source.Capture;
import dev.loupe.edge.source.FolderSource;
import dev.loupe.edge.source.IngestSource;
import dev.loupe.edge.spool.FsyncPolicy;
import dev.loupe.edge.spool.ImageKeep;
import dev.loupe.edge.spool.Spool;
import dev.loupe.edge.spool.SpoolConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class EdgeAgentTest {
    @TempDir
    Path dir;

    private static final Inference PASSES = new Inference() {
        @Override
        public Answer infer(Capture capture) {
            return new Answer(0.1, "ok", "covers", "1", DecisionPolicy.threshold(0.5), Optional.empty(),
                    EdgeRecord.Via.LOCAL, "");
        }

        @Override
        public String describe() {
            return "test";
        }
    };

    @Test
    void run_stopping_decidesAndSpoolsEveryPushAlreadyAccepted_andRefusesNewOnes() throws Exception {
        IngestSource ingest = new IngestSource("cam", 16);
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            accepted.add(ingest.offer(new byte[]{1, 2, 3}, Optional.of("f" + i), "c1").orElseThrow().id());
        }
        SpoolConfig sc = SpoolConfig.defaults().withMaxBytes(4L << 20).withSegmentBytes(64 * 1024)
                .withFsync(new FsyncPolicy.Never());
        try (Spool spool = Spool.open(dir.resolve("spool"), sc)) {
            EdgeAgent agent = new EdgeAgent("cam", ingest, PASSES, new LineDecider(StopRules.never(), Optional.empty()),
                    StopRules.never(), spool, new ImageKeep.None(), List.of(), new EdgeMetrics("cam"), Clock.systemUTC());

            long decided = agent.run(1); // --max-frames 1, or a stop: the other four were answered 202 already

            assertThat(decided).isEqualTo(5);
            assertThat(spool.read(0, 100, 1 << 20)).extracting(e -> e.record().id()).containsExactlyElementsOf(accepted);
            assertThat(ingest.offer(new byte[]{1}, Optional.of("late"), "c1")).isEmpty();
            assertThat(ingest.accepting()).isFalse();
        }
    }

    @Test
    void handle_diskFull_decisionStillReachesTheLine_andTheLineStopsWithTheDiskError() throws Exception {
        Path spoolDir = refusingSpool("spool");
        IngestSource ingest = new IngestSource("cam", 16);
        ingest.offer(new byte[]{1, 2, 3}, Optional.of("f1"), "c1");
        List<EdgeEvent> events = new CopyOnWriteArrayList<>();
        LineOutput line = recordingTo(events);
        StopRules rules = new StopRules(Optional.empty(), 0, 0, true); // --stop-on-spool-full
        SpoolConfig sc = SpoolConfig.defaults().withMaxBytes(4L << 20).withSegmentBytes(64 * 1024)
                .withFsync(new FsyncPolicy.Never());
        Spool spool = Spool.open(spoolDir, sc);
        try {
            EdgeAgent agent = new EdgeAgent("cam", ingest, PASSES, new LineDecider(rules, Optional.empty()), rules, spool,
                    new ImageKeep.None(), List.of(line), new EdgeMetrics("cam"), Clock.systemUTC());

            assertThat(agent.run(1)).isEqualTo(1);

            assertThat(spool.recordsDropped()).isEqualTo(1);
            assertThat(events).hasSize(2);
            assertThat(events.get(0)).isInstanceOf(EdgeEvent.Decided.class);
            EdgeEvent.LineStop stop = (EdgeEvent.LineStop) events.get(1);
            assertThat(stop.cause()).isEqualTo("spool");
            assertThat(stop.reason()).contains("cannot write the spool", "No space left on device", "1 so far");
        } finally {
            try {
                spool.close();
            } catch (java.io.UncheckedIOException e) {
                // /dev/full refuses fsync too
            }
        }
    }

    @Test
    void run_folderWhileTheDiskRefusesTheSpool_losesAndPublishesNothing_thenSpoolsEachFileOnce() throws Exception {
        Path refusing = refusingSpool("full-spool");
        Path in = Files.createDirectories(dir.resolve("in"));
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        for (int i = 1; i <= 3; i++) {
            Files.setLastModifiedTime(Files.write(in.resolve(i + ".png"), new byte[]{(byte) i}), FileTime.from(t.plusSeconds(i)));
        }
        AtomicLong now = new AtomicLong(); // the folder's pauses pass only when the test moves this
        List<String> warnings = new CopyOnWriteArrayList<>();
        List<EdgeEvent> events = new CopyOnWriteArrayList<>();
        StopRules rules = new StopRules(Optional.empty(), 0, 0, true); // --stop-on-spool-full
        SpoolConfig sc = SpoolConfig.defaults().withMaxBytes(4L << 20).withSegmentBytes(64 * 1024)
                .withFsync(new FsyncPolicy.Never());
        try (FolderSource folder = new FolderSource(in, dir.resolve("ledger"), "cam", Optional.empty(), Duration.ofMillis(5),
                now::get, warnings::add)) {
            Spool fullSpool = Spool.open(refusing, sc);
            try {
                EdgeAgent agent = new EdgeAgent("cam", folder, PASSES, new LineDecider(rules, Optional.empty()), rules,
                        fullSpool, new ImageKeep.None(), List.of(recordingTo(events)), new EdgeMetrics("cam"), Clock.systemUTC());
                CompletableFuture<Long> run = CompletableFuture.supplyAsync(() -> {
                    try {
                        return agent.run(3);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                Await.until("the folder to pause", Duration.ofSeconds(10), () -> !warnings.isEmpty());
                agent.stop();

                assertThat(run.get(10, TimeUnit.SECONDS)).isZero();
                assertThat(fullSpool.recordsDropped()).isZero();
                assertThat(events).singleElement().isInstanceOfSatisfying(EdgeEvent.LineStop.class, stop -> assertThat(
                        stop.reason()).contains("No space left on device", "images wait in the source"));
                assertThat(warnings).singleElement().asString().contains("No space left on device");
                assertThat(dir.resolve("ledger")).doesNotExist();
            } finally {
                try {
                    fullSpool.close();
                } catch (UncheckedIOException e) {
                    // /dev/full refuses fsync too
                }
            }

            // the disk takes writes again (a spool that can write), and the pause is over
            now.addAndGet(FolderSource.FIRST_BACKOFF.toNanos());
            try (Spool spool = Spool.open(dir.resolve("spool"), sc)) {
                EdgeAgent agent = new EdgeAgent("cam", folder, PASSES, new LineDecider(rules, Optional.empty()), rules,
                        spool, new ImageKeep.None(), List.of(recordingTo(events)), new EdgeMetrics("cam"), Clock.systemUTC());

                assertThat(agent.run(3)).isEqualTo(3);

                assertThat(spool.read(0, 100, 1 << 20)).extracting(e -> e.record().source().replaceAll("#.*", ""))
                        .containsExactly("folder:1.png", "folder:2.png", "folder:3.png");
                assertThat(events).filteredOn(EdgeEvent.Decided.class::isInstance).hasSize(3);
                assertThat(folder.next(Duration.ofMillis(50))).isEmpty();
                assertThat(warnings).hasSize(2).last().asString().contains("takes writes again");
            }
        }
        assertThat(Files.readAllLines(dir.resolve("ledger"))).hasSize(3).doesNotHaveDuplicates();
    }

    @Test
    void handle_imageTheDiskRefusedTwice_isScoredOnce() throws Exception {
        Path refusing = refusingSpool("full-spool");
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.write(in.resolve("1.png"), new byte[]{1});
        AtomicLong now = new AtomicLong();
        AtomicInteger inferences = new AtomicInteger();
        Inference counting = new Inference() {
            @Override
            public Answer infer(Capture capture) throws InferenceFailure {
                inferences.incrementAndGet();
                return PASSES.infer(capture);
            }

            @Override
            public String describe() {
                return "counting";
            }
        };
        SpoolConfig sc = SpoolConfig.defaults().withMaxBytes(4L << 20).withSegmentBytes(64 * 1024)
                .withFsync(new FsyncPolicy.Never());
        EdgeMetrics metrics = new EdgeMetrics("cam");
        try (FolderSource folder = new FolderSource(in, dir.resolve("ledger"), "cam", Optional.empty(), Duration.ofMillis(5),
                now::get, m -> { })) {
            Spool spool = Spool.open(refusing, sc);
            try {
                EdgeAgent agent = new EdgeAgent("cam", folder, counting, new LineDecider(StopRules.never(), Optional.empty()),
                        StopRules.never(), spool, new ImageKeep.None(), List.of(), metrics, Clock.systemUTC());

                assertThat(agent.handle(folder.next(Duration.ofMillis(100)).orElseThrow())).isFalse();
                now.addAndGet(FolderSource.FIRST_BACKOFF.toNanos());
                assertThat(agent.handle(folder.next(Duration.ofMillis(100)).orElseThrow())).isFalse();

                assertThat(inferences).hasValue(1);
                assertThat(metrics.frames()).isZero();
            } finally {
                try {
                    spool.close();
                } catch (UncheckedIOException e) {
                    // /dev/full refuses fsync too
                }
            }
        }
    }

    @Test
    void handle_fileTheSourceCouldNotRead_isRecordedForReview_asACameraFailure() throws Exception {
        List<EdgeEvent> events = new CopyOnWriteArrayList<>();
        StopRules rules = new StopRules(Optional.empty(), 0, 1, false); // --stop-after-camera-failures 1
        SpoolConfig sc = SpoolConfig.defaults().withMaxBytes(4L << 20).withSegmentBytes(64 * 1024)
                .withFsync(new FsyncPolicy.Never());
        try (Spool spool = Spool.open(dir.resolve("spool"), sc)) {
            EdgeAgent agent = new EdgeAgent("cam", new IngestSource("cam", 1), PASSES, new LineDecider(rules, Optional.empty()),
                    rules, spool, new ImageKeep.All(), List.of(recordingTo(events)), new EdgeMetrics("cam"), Clock.systemUTC());

            assertThat(agent.handle(Capture.unreadable("cam-f-1", "folder:locked.png#1", System.nanoTime(),
                    "cannot read locked.png in 4 tries: AccessDeniedException"))).isTrue();

            EdgeRecord r = spool.read(0, 10, 1 << 20).getFirst().record();
            assertThat(r.decision()).isEqualTo(Decision.REVIEW);
            assertThat(r.reason()).contains("cannot read locked.png", "AccessDeniedException");
            assertThat(r.via()).isEqualTo(EdgeRecord.Via.NONE);
            assertThat(r.stats().brightness()).isNaN();
            assertThat(events).last().isInstanceOfSatisfying(EdgeEvent.LineStop.class,
                    stop -> assertThat(stop.cause()).isEqualTo("camera"));
        }
    }

    /** A spool directory whose first segment is Linux's /dev/full: every write fails with ENOSPC. */
    private Path refusingSpool(String name) throws Exception {
        Path full = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.exists(full), "needs Linux's /dev/full");
        Path spoolDir = Files.createDirectories(dir.resolve(name));
        Files.createSymbolicLink(spoolDir.resolve("seg-00000000000000000001.log"), full);
        return spoolDir;
    }

    /** A line output that keeps what it is told. */
    private static LineOutput recordingTo(List<EdgeEvent> events) {
        return new LineOutput() {
            @Override
            public void publish(EdgeEvent event) {
                events.add(event);
            }

            @Override
            public long dropped() {
                return 0;
            }

            @Override
            public String describe() {
                return "test";
            }

            @Override
            public void close() {
            }
        };
    }
}
