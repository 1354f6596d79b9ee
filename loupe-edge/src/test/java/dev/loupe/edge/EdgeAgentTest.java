package dev.loupe.edge;

import dev.loupe.core.decision.DecisionPolicy;
import dev.loupe.edge.decide.LineDecider;
import dev.loupe.edge.decide.StopRules;
import dev.loupe.edge.infer.Answer;
import dev.loupe.edge.infer.Inference;
import dev.loupe.edge.metrics.EdgeMetrics;
import dev.loupe.edge.record.EdgeRecord;
import dev.loupe.edge.source.Capture;
import dev.loupe.edge.source.IngestSource;
import dev.loupe.edge.spool.FsyncPolicy;
import dev.loupe.edge.spool.ImageKeep;
import dev.loupe.edge.spool.Spool;
import dev.loupe.edge.spool.SpoolConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
            accepted.add(ingest.offer(new byte[]{1, 2, 3}, Optional.of("f" + i), "c1").orElseThrow());
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
}
