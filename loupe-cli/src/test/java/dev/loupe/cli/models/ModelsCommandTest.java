package dev.loupe.cli.models;

import dev.loupe.cli.CliRun;
import dev.loupe.core.registry.ModelRegistry;
import dev.loupe.core.rollout.RolloutPlan;
import dev.loupe.core.store.AuditEntry;
import dev.loupe.core.tracking.DatasetInput;
import dev.loupe.core.tracking.Metric;
import dev.loupe.core.tracking.Param;
import dev.loupe.core.tracking.RunStatus;
import dev.loupe.core.tracking.TrackingStore;
import dev.loupe.store.jdbc.SqliteMetadataStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ModelsCommandTest {
    @TempDir
    Path home;
    String run1;
    String run2;

    @BeforeEach
    void registerTwoVersions() {
        try (SqliteMetadataStore store = new SqliteMetadataStore(home.resolve("loupe.db"))) {
            TrackingStore t = store.tracking();
            String exp = t.createExperiment("defect-cnn", null, Map.of()).id();
            run1 = run(t, exp, 0.91, "0.01", "4f2a");
            run2 = run(t, exp, 0.95, "0.005", "9c1e");
            ModelRegistry r = store.registry();
            r.register("trainer", "defect-cnn", "blob:sha256:" + "ab".repeat(32), run1, "first", Map.of());
            r.register("trainer", "defect-cnn", "blob:sha256:" + "cd".repeat(32), run2, null, Map.of());
            r.setAlias("alice", "defect-cnn", "champion", 1, "first champion");
        }
    }

    private static String run(TrackingStore t, String exp, double recall, String lr, String dataset) {
        String id = t.createRun(exp, null, "trainer", null, Map.of("loupe.code.version", "git:abc123")).runId();
        t.logBatch(id, List.of(new Metric("recall", recall, Instant.ofEpochMilli(1), 9)), List.of(new Param("lr", lr),
                new Param("epochs", "10")), Map.of());
        t.logInputs(id, List.of(DatasetInput.loupe("phone-covers", dataset, "train")));
        t.updateRun(id, RunStatus.FINISHED, Instant.ofEpochMilli(2), null);
        return id;
    }

    private CliRun loupe(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--home";
        all[args.length + 1] = home.toString();
        return CliRun.of(all);
    }

    @Test
    void list_showsLatestVersionAndAliases() {
        CliRun r = loupe("models", "list");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("defect-cnn").contains("champion=1").containsPattern("defect-cnn\\s+2\\s");
    }

    @Test
    void alias_movesTheAlias_andRecordsWhoAndWhy() {
        CliRun r = loupe("models", "alias", "defect-cnn", "champion", "2", "--reason", "better recall", "--actor", "bob");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("defect-cnn@champion -> version 2 (was version 1)");
        try (SqliteMetadataStore store = new SqliteMetadataStore(home.resolve("loupe.db"))) {
            assertThat(store.registry().versionByAlias("defect-cnn", "champion").orElseThrow().version()).isEqualTo(2);
            AuditEntry last = store.registry().history("defect-cnn").getLast();
            assertThat(last.change()).isEqualTo(new AuditEntry.Change("bob", "model", "defect-cnn", "set-alias",
                    "champion=1", "champion=2", "better recall"));
        }
    }

    @Test
    void alias_toMissingVersion_failsWithOneLine() {
        CliRun r = loupe("models", "alias", "defect-cnn", "champion", "9");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("loupe:").contains("version=9").doesNotContain("\n");
    }

    @Test
    void show_printsVersionsLineageAndAuditLog() {
        CliRun r = loupe("models", "show", "defect-cnn");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("phone-covers@4f2a (train)", "phone-covers@9c1e (train)", "git:abc123", "lr=0.005",
                "recall=0.95", "[champion]", "Audit log:", "set-alias", "first champion", "alice");
    }

    @Test
    void tag_onAVersionByAlias_setsAndDeletes() {
        assertThat(loupe("models", "tag", "defect-cnn@champion", "gate=passed", "owner=line-3").out())
                .contains("defect-cnn/1 tags: gate=passed, owner=line-3");
        assertThat(loupe("models", "tag", "defect-cnn/1", "--delete", "owner").out()).contains("defect-cnn/1 tags: gate=passed");
        assertThat(loupe("models", "tag", "defect-cnn", "team=vision").out()).contains("defect-cnn tags: team=vision");
    }

    @Test
    void compare_showsMetricDeltaAndDifferingParams() {
        CliRun r = loupe("models", "compare", "defect-cnn@champion", "2");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("recall\\s+0.91\\s+0.95\\s+\\+0.04")
                .containsPattern("lr\\s+0.01\\s+0.005").doesNotContain("epochs");
    }

    @Test
    void runs_listAndShow() {
        CliRun list = loupe("runs", "list", "--experiment", "defect-cnn", "--filter", "metrics.recall > 0.92");
        assertThat(list.out()).contains(run2).doesNotContain(run1);
        CliRun show = loupe("runs", "show", run1);
        assertThat(show.out()).contains("phone-covers@4f2a", "lr = 0.01").containsPattern("recall\\s+0.91\\s+9\\s+1");
    }

    @Test
    void show_unknownModel_exitsOne() {
        CliRun r = loupe("models", "show", "nope");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("no registered model named nope");
    }

    @Test
    void rollout_canaryThenOff_storesThePlanEveryServerReads() {
        CliRun canary = loupe("models", "rollout", "defect-cnn", "--canary", "0.25", "--challenger", "2", "--actor", "bob");
        assertThat(canary.exitCode()).as(canary.err()).isZero();
        assertThat(canary.out()).contains("defect-cnn roll-out:");
        try (SqliteMetadataStore store = new SqliteMetadataStore(home.resolve("loupe.db"))) {
            RolloutPlan plan = store.rollouts().plan("defect-cnn").orElseThrow();
            assertThat(plan.mode()).isEqualTo(RolloutPlan.Mode.CANARY);
            assertThat(plan.challenger()).isEqualTo("2");
            assertThat(plan.share()).isEqualTo(0.25);
            assertThat(plan.actor()).isEqualTo("bob");
        }
        CliRun off = loupe("models", "rollout", "defect-cnn", "--off");
        assertThat(off.exitCode()).as(off.err()).isZero();
        try (SqliteMetadataStore store = new SqliteMetadataStore(home.resolve("loupe.db"))) {
            assertThat(store.rollouts().plan("defect-cnn").orElseThrow().mode()).isEqualTo(RolloutPlan.Mode.NONE);
        }
    }

    @Test
    void rollout_withoutAChallengerAlias_orVersion_orWithABadShare_changesNothing() {
        CliRun noAlias = loupe("models", "rollout", "defect-cnn", "--shadow");
        assertThat(noAlias.exitCode()).isEqualTo(1);
        assertThat(noAlias.err()).contains("has no alias 'challenger'");
        CliRun badShare = loupe("models", "rollout", "defect-cnn", "--canary", "1.5", "--challenger", "2");
        assertThat(badShare.exitCode()).isEqualTo(2);
        for (String missing : new String[]{"99", "99999999999"}) {
            CliRun noVersion = loupe("models", "rollout", "defect-cnn", "--canary", "0.5", "--challenger", missing);
            assertThat(noVersion.exitCode()).as(missing).isEqualTo(1);
            assertThat(noVersion.err()).contains("defect-cnn has no version " + missing + " (versions [1, 2");
        }
        CliRun unknown = loupe("models", "rollout", "nope", "--shadow");
        assertThat(unknown.exitCode()).isEqualTo(1);
        try (SqliteMetadataStore store = new SqliteMetadataStore(home.resolve("loupe.db"))) {
            assertThat(store.rollouts().plan("defect-cnn")).isEmpty();
        }
    }
}
