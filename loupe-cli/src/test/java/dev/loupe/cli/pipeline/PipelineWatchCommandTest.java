package dev.loupe.cli.pipeline;

import dev.loupe.cli.CliRun;
import dev.loupe.core.monitoring.AlertState;
import dev.loupe.core.project.ProjectFile;
import dev.loupe.store.jdbc.SqliteMetadataStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code loupe pipeline watch --once} on a SQLite home: a registered champion whose package is not in the
 * blob store (so a started run ends at its first step) and the server's alert states.
 */
class PipelineWatchCommandTest {
    @TempDir
    Path home;

    private CliRun loupe(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--home";
        all[args.length + 1] = home.toString();
        return CliRun.of(all);
    }

    private Path project(String triggers) throws Exception {
        Path p = home.resolve("loupe.yaml");
        Files.writeString(p, ProjectFile.template() + "\nretraining:\n  triggers: " + triggers + "\n");
        return p;
    }

    private void champion(AlertState.Status alert) {
        try (SqliteMetadataStore store = new SqliteMetadataStore(home.resolve("loupe.db"))) {
            store.registry().register("ana", "covers", "blob:sha256:" + "ab".repeat(32), null, null, Map.of());
            store.registry().setAlias("ana", "covers", "champion", 1, "first");
            store.monitoring().saveAlertState(new AlertState("covers/1: drift(brightness)", alert,
                    Instant.parse("2025-04-01T09:59:00Z"), 1, "drift(brightness) != 0 (value 1): " + alert));
        }
    }

    @Test
    void watchOnce_firingDriftAlert_startsADriftRunAndHistoryShowsTheTrigger() throws Exception {
        champion(AlertState.Status.FIRING);
        Path project = project("{on_drift_alert: true, new_labels: null}");

        CliRun r = loupe("pipeline", "watch", "--once", "--project", project.toString());

        assertThat(r.out()).as(r.err()).contains("covers: started drift run ")
                .contains("(drift alert drift(brightness) firing since 2025-04-01T09:59:00Z)")
                .containsPattern("covers: run \\S+ ended FAILED");
        assertThat(r.exitCode()).isEqualTo(1); // the run was not promoted
        CliRun h = loupe("pipeline", "history", "--model", "covers");
        assertThat(h.out()).contains("drift").contains("FAILED")
                .contains("drift by trigger-watcher: drift alert drift(brightness) firing since 2025-04-01T09:59:00Z");
        CliRun again = loupe("pipeline", "watch", "--once", "--project", project.toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("covers: not due (no alert started firing since the last run");
    }

    @Test
    void watchOnce_nothingDue_startsNothingAndExitsZero() throws Exception {
        champion(AlertState.Status.RESOLVED);
        Path project = project("{on_drift_alert: true, new_labels: 5, schedule: 7d}");

        CliRun r = loupe("pipeline", "watch", "--once", "--project", project.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("covers: not due (no alert started firing (no run yet); 0 new labels < 5 (no run yet);"
                + " schedule 7d: next run at ");
        assertThat(loupe("pipeline", "history").out()).contains("no pipeline runs");
    }

    @Test
    void watchOnce_unregisteredModel_failsSayingSo_notThatItHasNoChampion() throws Exception {
        champion(AlertState.Status.FIRING);
        Path project = project("{on_drift_alert: true, new_labels: null}");

        CliRun r = loupe("pipeline", "watch", "--once", "--model", "covres", "--project", project.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("loupe: no registered model 'covres' (see 'loupe models list')" + System.lineSeparator());
        assertThat(loupe("pipeline", "history").out()).contains("no pipeline runs");
    }

    @Test
    void watch_noAutomaticTriggerEnabled_isAConfigurationError() throws Exception {
        champion(AlertState.Status.FIRING);
        Path project = project("{on_drift_alert: false, new_labels: null}");

        CliRun r = loupe("pipeline", "watch", "--once", "--project", project.toString());

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("no automatic trigger is enabled in retraining.triggers");
        assertThat(loupe("pipeline", "history").out()).contains("no pipeline runs");
    }

    @Test
    void watch_badInterval_isAUsageError() throws Exception {
        CliRun r = loupe("pipeline", "watch", "--interval", "soon", "--project", project("{}").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--interval takes a duration");
    }
}
