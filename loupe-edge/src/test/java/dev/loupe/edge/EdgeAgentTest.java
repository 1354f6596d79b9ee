package dev.loupe.edge;

import dev.loupe.core.decision.DecisionPolicy;
import dev.loupe.edge.decide.EdgeEvent;
import dev.loupe.edge.decide.LineDecider;
import dev.loupe.edge.decide.StopRules;
import dev.loupe.edge.infer.Answer;
import dev.loupe.edge.infer.Inference;
import dev.loupe.edge.metrics.EdgeMetrics;
import dev.loupe.edge.output.LineOutput;
import dev.loupe.edge.record.EdgeRecord;
import dev.loupe.edge.source.Capture;
import dev.loupe.edge.source.IngestSource;
import dev.loupe.edge.spool.FsyncPolicy;
import dev.loupe.edge.spool.ImageKeep;
import dev.loupe.edge.spool.Spool;
import dev.loupe.edge.spool.SpoolConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
        Path full = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.exists(full), "needs Linux's /dev/full");
        Path spoolDir = Files.createDirectories(dir.resolve("spool"));
        Files.createSymbolicLink(spoolDir.resolve("seg-00000000000000000001.log"), full); // every write: ENOSPC
        IngestSource ingest = new IngestSource("cam", 16);
        ingest.offer(new byte[]{1, 2, 3}, Optional.of("f1"), "c1");
        List<EdgeEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        LineOutput line = new LineOutput() {
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
}
