package dev.loupe.cli.pipeline;

import dev.loupe.cli.CliRun;
import dev.loupe.core.pipeline.PipelineState;
import dev.loupe.store.jdbc.SqliteMetadataStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineCommandTest {
    @TempDir
    Path home;

    private CliRun loupe(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--home";
        all[args.length + 1] = home.toString();
        return CliRun.of(all);
    }

    /** A run whose process died an hour ago, in training. */
    private void crashedRun() {
        Instant hourAgo = Instant.now().minusSeconds(3600);
        try (SqliteMetadataStore store = new SqliteMetadataStore(home.resolve("loupe.db"))) {
            store.registry().register("ana", "covers", "blob:sha256:" + "ab".repeat(32), null, null, Map.of());
            store.registry().setAlias("ana", "covers", "champion", 1, "first");
            store.pipelines().create("run-1", "covers", "drift", "brightness drifted", "monitor", "dead-host/1/x",
                    hourAgo, hourAgo.plusSeconds(60));
            store.pipelines().transition("run-1", "dead-host/1/x", new PipelineState.Assembling(),
                    new PipelineState.Training(), hourAgo, hourAgo.plusSeconds(60));
            store.pipelines().startStep("run-1", "training", hourAgo);
        }
    }

    @Test
    void status_crashedRun_showsStateStepAndOwner() {
        crashedRun();
        CliRun r = loupe("pipeline", "status", "--model", "covers");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("run run-1").contains("drift by monitor (brightness drifted)")
                .contains("state TRAINING").containsPattern("training\\s+running\\s+attempt 1").contains("owner dead-host/1/x");
    }

    @Test
    void abort_crashedRun_endsItAndHistoryShowsWhy() {
        crashedRun();
        CliRun r = loupe("pipeline", "abort", "--model", "covers");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("run run-1 is ABORTED");
        CliRun h = loupe("pipeline", "history", "--model", "covers");
        assertThat(h.out()).contains("run-1").contains("ABORTED").contains("aborted by");
        try (SqliteMetadataStore store = new SqliteMetadataStore(home.resolve("loupe.db"))) {
            assertThat(store.pipelines().active("covers")).isEmpty();
            assertThat(store.registry().history("covers").getLast().change().action()).isEqualTo("pipeline-aborted");
        }
    }

    @Test
    void run_modelWithoutChampion_failsWithOneLine() {
        CliRun r = loupe("pipeline", "run", "--model", "nothing");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("model nothing has no champion");
    }

    @Test
    void run_whileAnotherRunIsActive_isRefused() {
        crashedRun();
        CliRun r = loupe("pipeline", "run", "--model", "covers");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("already has an active pipeline run run-1");
    }
}
