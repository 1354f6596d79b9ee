package dev.loupe.cli.models;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.cli.CliRun;
import dev.loupe.cli.ExitCodes;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.model.ModelResolver;
import dev.loupe.core.model.TestDescriptors;
import dev.loupe.core.model.TestGraphs;
import dev.loupe.core.registry.ModelRegistry;
import dev.loupe.core.rollout.RolloutPlan;
import dev.loupe.core.store.AuditEntry;
import dev.loupe.core.store.BlobId;
import dev.loupe.core.store.file.FileBlobStore;
import dev.loupe.core.tracking.Artifact;
import dev.loupe.core.tracking.DatasetInput;
import dev.loupe.core.tracking.Metric;
import dev.loupe.core.tracking.Param;
import dev.loupe.core.tracking.RunStatus;
import dev.loupe.core.tracking.TrackingStore;
import dev.loupe.store.jdbc.SqliteMetadataStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
    void alias_promotesTheRolloutsChallenger_saysTheRolloutEnded() {
        try (SqliteMetadataStore store = new SqliteMetadataStore(home.resolve("loupe.db"))) {
            store.rollouts().save(new RolloutPlan("defect-cnn", RolloutPlan.Mode.SHADOW, "2", 0, "ana", Instant.ofEpochMilli(3)), null);
        }

        CliRun r = loupe("models", "alias", "defect-cnn", "champion", "2", "--actor", "bob");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("defect-cnn roll-out 'shadow 2' ended: its challenger v2 is now the champion");
    }

    @Test
    void alias_leavesTheRolloutStanding_saysNothingOfIt() {
        try (SqliteMetadataStore store = new SqliteMetadataStore(home.resolve("loupe.db"))) {
            store.registry().register("trainer", "defect-cnn", "blob:sha256:" + "ef".repeat(32), run2, null, Map.of());
            store.rollouts().save(new RolloutPlan("defect-cnn", RolloutPlan.Mode.SHADOW, "3", 0, "ana", Instant.ofEpochMilli(3)), null);
        }

        CliRun r = loupe("models", "alias", "defect-cnn", "champion", "2", "--actor", "bob");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("roll-out");
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
    void list_json_givesEachModelsLatestVersionAliasesAndTimes() {
        JsonNode models = loupe("models", "list", "--json").json().path("models");
        assertThat(models).hasSize(1);
        JsonNode m = models.get(0);
        assertThat(m.path("name").asText()).isEqualTo("defect-cnn");
        assertThat(m.path("latest_version").isInt()).isTrue();
        assertThat(m.path("latest_version").asInt()).isEqualTo(2);
        assertThat(m.path("aliases").path("champion").asInt()).isEqualTo(1);
        assertThat(m.path("tags").isObject()).isTrue();
        assertThat(m.path("description").isNull()).isTrue();
        assertThat(Instant.parse(m.path("created_at").asText())).isBeforeOrEqualTo(Instant.parse(m.path("updated_at").asText()));
        assertThat(loupe("models", "list").out()).startsWith("NAME").contains("champion=1");
    }

    @Test
    void list_json_withNoModels_givesAnEmptyArray() {
        CliRun r = CliRun.of("models", "list", "--json", "--home", home.resolve("empty").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json().path("models").isArray()).isTrue();
        assertThat(r.json().path("models")).isEmpty();
    }

    @Test
    void show_json_givesVersionsNewestFirstWithTheirRunsAndTheAuditLog() {
        try (SqliteMetadataStore store = new SqliteMetadataStore(home.resolve("loupe.db"))) {
            store.registry().register("trainer", "defect-cnn", "/models/hand-made", null, "no run", Map.of());
        }
        CliRun r = loupe("models", "show", "defect-cnn", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode doc = r.json();
        assertThat(doc.path("name").asText()).isEqualTo("defect-cnn");
        assertThat(doc.path("latest_version").asInt()).isEqualTo(3);
        JsonNode versions = doc.path("versions");
        assertThat(versions).extracting(v -> v.path("version").asInt()).containsExactly(3, 2, 1);

        JsonNode noRun = versions.get(0);
        assertThat(noRun.path("run_id").isNull()).isTrue();
        assertThat(noRun.path("run").isNull()).isTrue();
        assertThat(noRun.path("description").asText()).isEqualTo("no run");

        JsonNode v1 = versions.get(2);
        assertThat(v1.path("ref").asText()).isEqualTo("defect-cnn/1");
        assertThat(v1.path("aliases")).extracting(JsonNode::asText).containsExactly("champion");
        JsonNode run = v1.path("run");
        assertThat(run.path("run_id").asText()).isEqualTo(run1);
        assertThat(run.path("experiment").asText()).isEqualTo("defect-cnn");
        assertThat(run.path("status").asText()).isEqualTo("FINISHED");
        assertThat(run.path("end_time").asText()).isEqualTo("1970-01-01T00:00:00.002Z");
        assertThat(run.path("code_version").asText()).isEqualTo("git:abc123");
        assertThat(run.path("datasets").get(0).path("source").asText()).isEqualTo("phone-covers@4f2a");
        assertThat(run.path("datasets").get(0).path("context").asText()).isEqualTo("train");
        assertThat(run.path("params").path("lr").asText()).isEqualTo("0.01");
        assertThat(run.path("metrics").path("recall").path("value").isNumber()).isTrue();
        assertThat(run.path("metrics").path("recall").path("value").asDouble()).isEqualTo(0.91);
        assertThat(run.path("metrics").path("recall").path("step").asLong()).isEqualTo(9);

        JsonNode alias = doc.path("audit_log").get(doc.path("audit_log").size() - 2);
        assertThat(alias.path("action").asText()).isEqualTo("set-alias");
        assertThat(alias.path("actor").asText()).isEqualTo("alice");
        assertThat(alias.path("reason").asText()).isEqualTo("first champion");
        assertThat(alias.path("seq").isIntegralNumber()).isTrue();
        assertThat(Instant.parse(alias.path("at").asText())).isNotNull();
    }

    @Test
    void show_json_unknownModel_failsOnStderrWithNothingOnStdout() {
        CliRun r = loupe("models", "show", "nope", "--json");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("no registered model named nope");
    }

    @Test
    void compare_json_givesBothVersionsEveryMetricWithItsDeltaAndEveryParam() {
        CliRun r = loupe("models", "compare", "defect-cnn@champion", "2", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode doc = r.json();
        assertThat(doc.path("a").path("ref").asText()).isEqualTo("defect-cnn/1");
        assertThat(doc.path("b").path("ref").asText()).isEqualTo("defect-cnn/2");
        assertThat(doc.path("b").path("run").path("datasets").get(0).path("version").asText()).isEqualTo("9c1e");
        JsonNode recall = doc.path("metrics").path("recall");
        assertThat(recall.path("a").asDouble()).isEqualTo(0.91);
        assertThat(recall.path("b").asDouble()).isEqualTo(0.95);
        assertThat(recall.path("b_minus_a").asDouble()).isCloseTo(0.04, within(1e-12));
        assertThat(doc.path("params").path("lr").path("differs").asBoolean()).isTrue();
        assertThat(doc.path("params").path("lr").path("b").asText()).isEqualTo("0.005");
        assertThat(doc.path("params").path("epochs").path("differs").asBoolean()).isFalse();
    }

    @Test
    void compare_json_badReference_failsOnStderrWithNothingOnStdout() {
        for (String[] refs : new String[][]{{"defect-cnn@nobody", "2"}, {"defect-cnn/1", "9"}, {"defect-cnn@@", "2"}}) {
            CliRun r = loupe("models", "compare", refs[0], refs[1], "--json");
            assertThat(r.exitCode()).as(r.toString()).isNotZero();
            assertThat(r.out()).as(r.toString()).isEmpty();
            assertThat(r.err()).as(r.toString()).startsWith("loupe:");
        }
    }

    @Test
    void runs_listAndShow() {
        CliRun list = loupe("runs", "list", "--experiment", "defect-cnn", "--filter", "metrics.recall > 0.92");
        assertThat(list.out()).contains(run2).doesNotContain(run1);
        CliRun show = loupe("runs", "show", run1);
        assertThat(show.out()).contains("phone-covers@4f2a", "lr = 0.01").containsPattern("recall\\s+0.91\\s+9\\s+1");
    }

    @Test
    void runsList_badOrderBy_isAUsageErrorSayingOrderByAndWhatWasWrong() {
        CliRun r = loupe("runs", "list", "--order-by", "metrics.recall DOWN");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("loupe: Invalid order_by clause 'metrics.recall DOWN' at position 15: expected ASC,"
                + " DESC or the end of the clause" + System.lineSeparator());
        CliRun filter = loupe("runs", "list", "--filter", "metrics.recall >");
        assertThat(filter.err()).startsWith("loupe: Invalid filter 'metrics.recall >'");
    }

    @Test
    void runsList_json_givesTheMatchingRunsWithExperimentMetricsAndParams() {
        CliRun r = loupe("runs", "list", "--experiment", "defect-cnn", "--filter", "metrics.recall > 0.92", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode runs = r.json().path("runs");
        assertThat(runs).extracting(x -> x.path("run_id").asText()).containsExactly(run2);
        JsonNode run = runs.get(0);
        assertThat(run.path("experiment").asText()).isEqualTo("defect-cnn");
        assertThat(run.path("metrics").path("recall").path("value").asDouble()).isEqualTo(0.95);
        assertThat(run.path("params").path("lr").asText()).isEqualTo("0.005");
        assertThat(run.path("user").asText()).isEqualTo("trainer");
        assertThat(loupe("runs", "list", "--experiment", "defect-cnn", "--filter", "metrics.recall > 0.99", "--json")
                .json().path("runs")).isEmpty();
    }

    @Test
    void runsShow_json_addsMetricPointsAndArtifacts() {
        try (SqliteMetadataStore store = new SqliteMetadataStore(home.resolve("loupe.db"))) {
            store.tracking().logBatch(run1, List.of(new Metric("recall", 0.93, Instant.ofEpochMilli(3), 10)), List.of(), Map.of());
            store.tracking().logArtifact(run1, new Artifact("model/model.onnx", new BlobId("ab".repeat(32)), 1234));
        }
        CliRun r = loupe("runs", "show", run1, "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode run = r.json();
        assertThat(run.path("run_id").asText()).isEqualTo(run1);
        JsonNode recall = run.path("metrics").path("recall");
        assertThat(recall.path("value").asDouble()).isEqualTo(0.93);
        assertThat(recall.path("step").asLong()).isEqualTo(10);
        assertThat(recall.path("points").asInt()).isEqualTo(2);
        assertThat(recall.path("timestamp").asText()).isEqualTo("1970-01-01T00:00:00.003Z");
        JsonNode artifact = run.path("artifacts").get(0);
        assertThat(artifact.path("path").asText()).isEqualTo("model/model.onnx");
        assertThat(artifact.path("blob").asText()).isEqualTo("sha256:" + "ab".repeat(32));
        assertThat(artifact.path("size_bytes").asLong()).isEqualTo(1234);
        assertThat(loupe("runs", "show", run1).out()).containsPattern("recall\\s+0.93\\s+10\\s+2")
                .contains("model/model.onnx  sha256:");
    }

    @Test
    void runsShow_json_unknownRun_failsOnStderrWithNothingOnStdout() {
        CliRun r = loupe("runs", "show", "0".repeat(32), "--json");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("no run");
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

    @Test
    void export_registeredVersion_writesItsCanonicalZipAndADirectory() throws Exception {
        ModelPackage pkg = ModelPackage.of(TestDescriptors.grayscale(8, 8, 0.5), TestGraphs.meanSigmoid(1));
        try (SqliteMetadataStore store = new SqliteMetadataStore(home.resolve("loupe.db"));
             FileBlobStore blobs = new FileBlobStore(home.resolve("blobs"))) {
            store.registry().register("trainer", "parts", ModelResolver.source(pkg.store(blobs)), null, null, Map.of());
            store.registry().setAlias("alice", "parts", "champion", 1, "first");
        }
        Path zip = home.resolve("out/parts.zip");

        CliRun r = loupe("models", "export", "parts@champion", "--out", zip.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote parts@champion", "sha256:" + pkg.sha256(), zip.toString());
        assertThat(ModelPackage.read(zip).sha256()).as("the same package, byte for byte").isEqualTo(pkg.sha256());
        assertThat(Files.list(zip.getParent())).as("no temporary file left").containsExactly(zip);

        CliRun again = loupe("models", "export", "parts/1", "--out", zip.toString());
        assertThat(again.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(again.err()).contains("already exists; pass --force");
        assertThat(loupe("models", "export", "parts/1", "--out", zip.toString(), "--force").exitCode()).isZero();

        Path dir = home.resolve("out/parts-dir");
        assertThat(loupe("models", "export", "parts/1", "--out", dir.toString()).exitCode()).isZero();
        assertThat(ModelPackage.read(dir).sha256()).isEqualTo(pkg.sha256());

        Files.createDirectories(home.resolve("out/dir.zip"));
        CliRun onDirectory = loupe("models", "export", "parts/1", "--out", home.resolve("out/dir.zip").toString(), "--force");
        assertThat(onDirectory.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(onDirectory.err()).contains("is a directory");
    }

    @Test
    void export_unknownVersion_failsSayingSo() {
        CliRun r = loupe("models", "export", "defect-cnn/9", "--out", home.resolve("x.zip").toString());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err()).contains("defect-cnn").contains("9");
        assertThat(home.resolve("x.zip")).doesNotExist();
    }
}
