package dev.loupe.cli.pipeline;

import dev.loupe.core.monitoring.AlertState;
import dev.loupe.core.pipeline.PipelineRun;
import dev.loupe.core.project.Project;
import dev.loupe.core.project.ProjectFile;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.core.store.file.FileBlobStore;
import dev.loupe.pipeline.trigger.PipelineWatcher;
import dev.loupe.serve.ServeConfig;
import dev.loupe.server.LoupeServer;
import dev.loupe.server.console.ConsoleConfig;
import dev.loupe.server.serving.Serving;
import dev.loupe.server.serving.ServingConfig;
import dev.loupe.store.jdbc.SqliteMetadataStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The triggers inside a running server: started from the project, using serving's roll-out, closed with the server. */
class ServerTriggersTest {
    @TempDir
    Path home;

    private static Project project(String triggers) {
        return ProjectFile.parse(ProjectFile.template() + "\nretraining:\n  triggers: " + triggers + "\n", "loupe.yaml");
    }

    @Test
    void start_firingAlert_serverStartsTheDriftRunOnItsRollout() throws Exception {
        try (MetadataStore store = new SqliteMetadataStore(home.resolve("loupe.db"));
             BlobStore blobs = new FileBlobStore(home.resolve("blobs"))) {
            store.registry().register("ana", "covers", "blob:sha256:" + "ab".repeat(32), null, null, Map.of());
            store.registry().setAlias("ana", "covers", "champion", 1, "first");
            store.monitoring().saveAlertState(new AlertState("covers/1: drift(brightness)", AlertState.Status.FIRING,
                    Instant.now(), 1, "firing"));
            ConsoleConfig console = ConsoleConfig.defaults();
            Serving serving = Serving.start(ServingConfig.defaults().withServe(ServeConfig.defaults().withPorts(0, -1)),
                    store, blobs, console.auth(), console.labels());
            LoupeServer server = LoupeServer.start(new LoupeServer.Config("127.0.0.1", 0), store, blobs, console, serving);
            try {
                PipelineWatcher watcher = ServerTriggers.start(store, blobs, project("{on_drift_alert: true, new_labels: null}"),
                        serving.rollout(), Duration.ofHours(1)).orElseThrow();
                server.own(watcher);
                watcher.check();  // the first poll may have started it already: either way one run
                assertThat(watcher.awaitIdle(Duration.ofMinutes(1))).isTrue();

                List<PipelineRun> runs = store.pipelines().history("covers", 10);
                assertThat(runs).singleElement().satisfies(r -> {
                    assertThat(r.trigger()).isEqualTo("drift");
                    assertThat(r.requestedBy()).isEqualTo(PipelineWatcher.REQUESTED_BY);
                    assertThat(r.state().done()).as("the run ended: %s; its steps: %s", r, store.pipelines().steps(r.id())).isTrue();
                });
            } finally {
                server.close();
            }
        }
    }

    @Test
    void start_noAutomaticTrigger_watchesNothing() throws Exception {
        try (MetadataStore store = new SqliteMetadataStore(home.resolve("loupe.db"));
             BlobStore blobs = new FileBlobStore(home.resolve("blobs"));
             var rollout = new dev.loupe.pipeline.rollout.InProcessRollout(blobs, () -> null, 0)) {
            assertThat(ServerTriggers.start(store, blobs, project("{on_drift_alert: false, new_labels: null}"), rollout,
                    Duration.ofSeconds(1))).isEmpty();
            assertThat(ServerTriggers.describe(project("{on_drift_alert: true, new_labels: 200, schedule: 7d}")))
                    .isEqualTo("drift alert, 200 new labels, schedule 7d");
        }
    }
}
