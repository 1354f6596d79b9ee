package dev.loupe.cli.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
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
    void status_json_givesTheRunItsStepsAndOwner() {
        crashedRun();
        CliRun r = loupe("pipeline", "status", "--model", "covers", "--json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode doc = r.json();
        assertThat(doc.path("model").asText()).isEqualTo("covers");
        JsonNode run = doc.path("run");
        assertThat(run.path("id").asText()).isEqualTo("run-1");
        assertThat(run.path("trigger").asText()).isEqualTo("drift");
        assertThat(run.path("reason").asText()).isEqualTo("brightness drifted");
        assertThat(run.path("requested_by").asText()).isEqualTo("monitor");
        assertThat(run.path("state").asText()).isEqualTo("TRAINING");
        assertThat(run.path("done").asBoolean()).isFalse();
        assertThat(run.path("outcome").isNull()).isTrue();
        assertThat(run.path("owner").asText()).isEqualTo("dead-host/1/x");
        assertThat(Instant.parse(run.path("lease_until").asText())).isBefore(Instant.now());
        assertThat(run.path("abort_requested").asBoolean()).isFalse();
        assertThat(run.path("steps")).hasSize(1);
        JsonNode step = run.path("steps").get(0);
        assertThat(step.path("step").asText()).isEqualTo("training");
        assertThat(step.path("status").asText()).isEqualTo("running");
        assertThat(step.path("attempt").asInt()).isEqualTo(1);
        assertThat(step.path("ended_at").isNull()).isTrue();

        try (SqliteMetadataStore store = new SqliteMetadataStore(home.resolve("loupe.db"))) {
            store.registry().register("ana", "other", "blob:sha256:" + "cd".repeat(32), null, null, Map.of());
        }
        CliRun none = loupe("pipeline", "status", "--model", "other", "--json");
        assertThat(none.exitCode()).isZero();
        assertThat(none.json().path("run").isNull()).isTrue();
        CliRun unknown = loupe("pipeline", "status", "no-such-run", "--json");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.out()).isEmpty();
        assertThat(unknown.err()).contains("no pipeline run no-such-run");
    }

    @Test
    void history_json_givesFinishedRunsWithTheirOutcome() {
        crashedRun();
        assertThat(loupe("pipeline", "abort", "--model", "covers").exitCode()).isZero();
        CliRun h = loupe("pipeline", "history", "--model", "covers", "--json");
        assertThat(h.exitCode()).as(h.toString()).isZero();
        JsonNode runs = h.json().path("runs");
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).path("id").asText()).isEqualTo("run-1");
        assertThat(runs.get(0).path("state").asText()).isEqualTo("ABORTED");
        assertThat(runs.get(0).path("done").asBoolean()).isTrue();
        assertThat(runs.get(0).path("outcome").asText()).startsWith("aborted by");
        assertThat(runs.get(0).path("owner").isNull()).isTrue();
        assertThat(runs.get(0).has("steps")).isFalse();
        assertThat(loupe("pipeline", "history", "--model", "other", "--json").json().path("runs")).isEmpty();
        assertThat(loupe("pipeline", "history", "--model", "covers").out()).contains("run-1").contains("ABORTED");
    }

    @Test
    void history_limitBelowOne_isAUsageErrorNotAnEmptyHistory() {
        crashedRun();
        CliRun zero = loupe("pipeline", "history", "--limit", "0");
        assertThat(zero.exitCode()).as(zero.toString()).isEqualTo(2);
        assertThat(zero.out()).isEmpty();
        assertThat(zero.err()).contains("--limit takes a number of runs, at least 1 (got 0)");
        assertThat(loupe("pipeline", "history", "--limit", "-1").exitCode()).isEqualTo(2);
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
    void abortAndResume_noActiveRun_bothSaySoOnStdoutAndExitZero() {
        try (SqliteMetadataStore store = new SqliteMetadataStore(home.resolve("loupe.db"))) {
            store.registry().register("ana", "covers", "blob:sha256:" + "ab".repeat(32), null, null, Map.of());
        }
        CliRun abort = loupe("pipeline", "abort", "--model", "covers");
        CliRun resume = loupe("pipeline", "resume", "--model", "covers");
        assertThat(abort.exitCode()).as(abort.toString()).isZero();
        assertThat(abort.out()).contains("model covers has no active pipeline run; nothing to stop");
        assertThat(abort.err()).isEmpty();
        assertThat(resume.exitCode()).as(resume.toString()).isZero();
        assertThat(resume.out()).contains("model covers has no active pipeline run; nothing to resume");
        assertThat(resume.err()).isEmpty();
    }

    @Test
    void abortAndResume_unregisteredModel_failSayingSo_notThatItHasNoActiveRun() {
        crashedRun();
        for (String command : new String[] {"abort", "resume"}) {
            CliRun r = loupe("pipeline", command, "--model", "covres");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).isEqualTo("loupe: no registered model 'covres' (see 'loupe models list')" + System.lineSeparator());
        }
    }

    @Test
    void status_unregisteredModel_failsSayingSo_notThatItHasNoRuns() {
        crashedRun();
        for (String[] args : new String[][] {{"pipeline", "status", "--model", "covres"},
                {"pipeline", "status", "--model", "covres", "--json"}}) {
            CliRun r = loupe(args);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).isEqualTo("loupe: no registered model 'covres' (see 'loupe models list')" + System.lineSeparator());
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
