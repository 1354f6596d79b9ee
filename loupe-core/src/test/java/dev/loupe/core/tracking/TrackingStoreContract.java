package dev.loupe.core.tracking;

import dev.loupe.core.search.Page;
import dev.loupe.core.store.AlreadyExistsException;
import dev.loupe.core.store.BlobId;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.core.store.NotFoundException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link TrackingStore} contract. Every metadata store adapter's test extends this and supplies a
 * fresh, empty, migrated store.
 */
public abstract class TrackingStoreContract {

    protected MetadataStore store;
    protected TrackingStore tracking;

    protected abstract MetadataStore newStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
        tracking = store.tracking();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static Instant t(long ms) {
        return Instant.ofEpochMilli(ms);
    }

    @Test
    void defaultExperiment_existsAndTakesRuns() {
        Experiment e = tracking.experiment(Experiment.DEFAULT_ID).orElseThrow();
        assertThat(e.lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
        RunInfo run = tracking.createRun(null, null, "ci", null, Map.of());
        assertThat(run.experimentId()).isEqualTo("0");
        assertThatThrownBy(() -> tracking.deleteExperiment("0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void experimentNamed_startedTogether_allGetTheOneExperiment() throws Exception {
        int writers = 4;
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(writers);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        try {
            for (int round = 0; round < 5; round++) {
                String name = "quickstart-" + round;
                List<java.util.concurrent.Future<Experiment>> got = new java.util.ArrayList<>();
                for (int i = 0; i < writers; i++) {
                    got.add(pool.submit(() -> {
                        together.await();
                        return tracking.experimentNamed(name, null);
                    }));
                }
                java.util.Set<String> ids = new java.util.HashSet<>();
                for (java.util.concurrent.Future<Experiment> f : got) {
                    ids.add(f.get(30, java.util.concurrent.TimeUnit.SECONDS).id());
                }
                assertThat(ids).hasSize(1);
                assertThat(tracking.experimentByName(name).orElseThrow().id()).isEqualTo(ids.iterator().next());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void createExperiment_roundTripsByIdAndName() {
        Experiment e = tracking.createExperiment("defect-cnn", null, Map.of("team", "line-3"));
        assertThat(tracking.experiment(e.id())).contains(e);
        assertThat(tracking.experimentByName("defect-cnn")).contains(e);
        assertThat(e.tags()).containsEntry("team", "line-3");
        assertThat(e.artifactLocation()).isNotBlank();
        assertThat(tracking.experiment("999999")).isEmpty();
        assertThat(tracking.experiment("not-a-number")).isEmpty();
    }

    @Test
    void createExperiment_sameNameTwice_isRejected() {
        tracking.createExperiment("dup", null, Map.of());
        assertThatThrownBy(() -> tracking.createExperiment("dup", null, Map.of())).isInstanceOf(AlreadyExistsException.class);
    }

    @Test
    void deleteExperiment_hidesItAndItsRuns_restoreBringsThemBack() {
        Experiment e = tracking.createExperiment("trash", null, Map.of());
        RunInfo run = tracking.createRun(e.id(), "r", null, null, Map.of());
        tracking.deleteExperiment(e.id());
        assertThat(tracking.experiments(ViewType.ACTIVE_ONLY)).extracting(Experiment::name).doesNotContain("trash");
        assertThat(tracking.experiments(ViewType.DELETED_ONLY)).extracting(Experiment::name).containsExactly("trash");
        assertThat(tracking.run(run.runId()).orElseThrow().info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
        assertThatThrownBy(() -> tracking.createRun(e.id(), null, null, null, Map.of())).isInstanceOf(IllegalArgumentException.class);
        tracking.restoreExperiment(e.id());
        assertThat(tracking.run(run.runId()).orElseThrow().info().lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
    }

    @Test
    void renameExperiment_toTakenName_isRejected() {
        Experiment a = tracking.createExperiment("a", null, Map.of());
        tracking.createExperiment("b", null, Map.of());
        assertThatThrownBy(() -> tracking.renameExperiment(a.id(), "b")).isInstanceOf(AlreadyExistsException.class);
        tracking.renameExperiment(a.id(), "c");
        assertThat(tracking.experiment(a.id()).orElseThrow().name()).isEqualTo("c");
        assertThatThrownBy(() -> tracking.renameExperiment("424242", "d")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void setExperimentTag_overwritesValue() {
        Experiment e = tracking.createExperiment("tags", null, Map.of());
        tracking.setExperimentTag(e.id(), "k", "1");
        tracking.setExperimentTag(e.id(), "k", "2");
        assertThat(tracking.experiment(e.id()).orElseThrow().tags()).isEqualTo(Map.of("k", "2"));
    }

    @Test
    void run_recordsParamsTagsInputsAndLatestMetric() {
        Experiment e = tracking.createExperiment("exp", null, Map.of());
        RunInfo info = tracking.createRun(e.id(), "first", "alice", t(1_000), Map.of("mlflow.source.git.commit", "abc123"));
        tracking.logParam(info.runId(), new Param("lr", "0.01"));
        tracking.logMetric(info.runId(), new Metric("loss", 0.9, t(2_000), 0));
        tracking.logMetric(info.runId(), new Metric("loss", 0.4, t(3_000), 2));
        tracking.logMetric(info.runId(), new Metric("loss", 0.6, t(4_000), 1));
        tracking.logInputs(info.runId(), List.of(DatasetInput.loupe("phone-covers", "4f2a", "train")));

        Run run = tracking.run(info.runId()).orElseThrow();
        assertThat(run.info().runName()).isEqualTo("first");
        assertThat(run.info().userId()).isEqualTo("alice");
        assertThat(run.info().status()).isEqualTo(RunStatus.RUNNING);
        assertThat(run.info().startTime()).isEqualTo(t(1_000));
        assertThat(run.data().param("lr")).contains("0.01");
        assertThat(run.data().tags()).containsEntry("mlflow.source.git.commit", "abc123").containsEntry("mlflow.runName", "first");
        assertThat(run.data().metric("loss").orElseThrow().value()).as("value at the highest step").isEqualTo(0.4);
        assertThat(run.inputs()).containsExactly(new DatasetInput("phone-covers", "4f2a", "loupe", "phone-covers@4f2a", "train"));
    }

    @Test
    void metricHistory_isOrderedByStepAndKeepsNaN() {
        RunInfo info = tracking.createRun("0", null, null, null, Map.of());
        tracking.logMetric(info.runId(), new Metric("loss", 0.5, t(10), 1));
        tracking.logMetric(info.runId(), new Metric("loss", Double.NaN, t(20), 2));
        tracking.logMetric(info.runId(), new Metric("loss", 0.9, t(5), 0));
        tracking.logMetric(info.runId(), new Metric("loss", 0.9, t(5), 0));
        tracking.logMetric(info.runId(), new Metric("loss", Double.POSITIVE_INFINITY, t(30), 3));
        assertThat(tracking.metricHistory(info.runId(), "loss")).extracting(Metric::step).containsExactly(0L, 1L, 2L, 3L);
        List<Metric> h = tracking.metricHistory(info.runId(), "loss");
        assertThat(h.get(0)).isEqualTo(new Metric("loss", 0.9, t(5), 0));
        assertThat(h.get(2).value()).isNaN();
        assertThat(h.get(3).value()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(tracking.metricHistory(info.runId(), "absent")).isEmpty();
    }

    @Test
    void logParam_sameKeyOtherValue_isRejected_sameValue_isAccepted() {
        RunInfo info = tracking.createRun("0", null, null, null, Map.of());
        tracking.logParam(info.runId(), new Param("lr", "0.01"));
        tracking.logParam(info.runId(), new Param("lr", "0.01"));
        assertThatThrownBy(() -> tracking.logParam(info.runId(), new Param("lr", "0.1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lr");
    }

    @Test
    void logBatch_failingParam_logsNothing() {
        RunInfo info = tracking.createRun("0", null, null, null, Map.of());
        tracking.logParam(info.runId(), new Param("lr", "0.01"));
        assertThatThrownBy(() -> tracking.logBatch(info.runId(), List.of(new Metric("auc", 0.9, t(1), 0)),
                List.of(new Param("lr", "0.5")), Map.of("x", "y"))).isInstanceOf(IllegalArgumentException.class);
        Run run = tracking.run(info.runId()).orElseThrow();
        assertThat(run.data().metrics()).isEmpty();
        assertThat(run.data().tags()).doesNotContainKey("x");
    }

    @Test
    void updateRun_setsStatusEndTimeAndName() {
        RunInfo info = tracking.createRun("0", "old", null, t(1), Map.of());
        RunInfo done = tracking.updateRun(info.runId(), RunStatus.FINISHED, t(99), "new");
        assertThat(done.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(done.endTime()).isEqualTo(t(99));
        assertThat(done.runName()).isEqualTo("new");
        assertThat(tracking.run(info.runId()).orElseThrow().data().tags()).containsEntry("mlflow.runName", "new");
    }

    @Test
    void setTag_thenDeleteTag_removesIt_andMissingTagIsNotFound() {
        RunInfo info = tracking.createRun("0", null, null, null, Map.of());
        tracking.setTag(info.runId(), "k", "v");
        tracking.deleteTag(info.runId(), "k");
        assertThat(tracking.run(info.runId()).orElseThrow().data().tags()).doesNotContainKey("k");
        assertThatThrownBy(() -> tracking.deleteTag(info.runId(), "k")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void deletedRun_refusesWrites_untilRestored() {
        RunInfo info = tracking.createRun("0", null, null, null, Map.of());
        tracking.deleteRun(info.runId());
        assertThatThrownBy(() -> tracking.logMetric(info.runId(), new Metric("m", 1, t(1), 0)))
                .isInstanceOf(IllegalArgumentException.class);
        tracking.restoreRun(info.runId());
        tracking.logMetric(info.runId(), new Metric("m", 1, t(1), 0));
        assertThat(tracking.metricHistory(info.runId(), "m")).hasSize(1);
    }

    @Test
    void missingRun_isNotFound() {
        assertThat(tracking.run("0123456789abcdef0123456789abcdef")).isEmpty();
        assertThatThrownBy(() -> tracking.logMetric("nope", new Metric("m", 1, t(1), 0))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> tracking.metricHistory("nope", "m")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void artifacts_areRecordedByPath_andReplaced() {
        RunInfo info = tracking.createRun("0", null, null, null, Map.of());
        BlobId a = BlobId.of("a".repeat(64));
        BlobId b = BlobId.of("b".repeat(64));
        tracking.logArtifact(info.runId(), new Artifact("model/model.onnx", a, 10));
        tracking.logArtifact(info.runId(), new Artifact("model/model.onnx", b, 20));
        tracking.logArtifact(info.runId(), new Artifact("report.html", a, 10));
        assertThat(tracking.artifacts(info.runId())).containsExactly(
                new Artifact("model/model.onnx", b, 20), new Artifact("report.html", a, 10));
    }

    private String runWith(String expId, String name, double auc, String lr, String status, long start) {
        RunInfo info = tracking.createRun(expId, name, null, t(start), Map.of("team", name.startsWith("a") ? "x" : "y"));
        tracking.logBatch(info.runId(), List.of(new Metric("auc", auc, t(start), 0)), List.of(new Param("lr", lr)), Map.of());
        tracking.updateRun(info.runId(), RunStatus.valueOf(status), null, null);
        return info.runId();
    }

    @Test
    void searchRuns_filtersOnMetricsParamsTagsAndAttributes() {
        String exp = tracking.createExperiment("search", null, Map.of()).id();
        String a = runWith(exp, "a1", 0.95, "0.01", "FINISHED", 1);
        runWith(exp, "a2", 0.85, "0.01", "FINISHED", 2);
        String b = runWith(exp, "b1", 0.97, "0.1", "FAILED", 3);
        assertThat(ids(search(exp, "metrics.auc > 0.9 and params.lr = '0.01'"))).containsExactly(a);
        assertThat(ids(search(exp, "tags.team = 'y'"))).containsExactly(b);
        assertThat(ids(search(exp, "attributes.status = 'FAILED'"))).containsExactly(b);
        assertThat(ids(search(exp, "attributes.run_name LIKE 'a%' AND metrics.auc >= 0.95"))).containsExactly(a);
        assertThat(ids(search(exp, "metrics.missing > 0"))).isEmpty();
        assertThatThrownBy(() -> search(exp, "metrics.auc > 'high'")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> search(exp, "bogus.x = 1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void searchRuns_ordersByMetric_andPages() {
        String exp = tracking.createExperiment("order", null, Map.of()).id();
        String low = runWith(exp, "a", 0.5, "1", "FINISHED", 1);
        String high = runWith(exp, "b", 0.9, "1", "FINISHED", 2);
        String mid = runWith(exp, "c", 0.7, "1", "FINISHED", 3);
        Page<Run> first = tracking.searchRuns(new RunSearch(List.of(exp), null, ViewType.ACTIVE_ONLY, 2,
                List.of("metrics.auc DESC"), null));
        assertThat(ids(first)).containsExactly(high, mid);
        assertThat(first.nextPageToken()).isNotNull();
        Page<Run> second = tracking.searchRuns(new RunSearch(List.of(exp), null, ViewType.ACTIVE_ONLY, 2,
                List.of("metrics.auc DESC"), first.nextPageToken()));
        assertThat(ids(second)).containsExactly(low);
        assertThat(second.nextPageToken()).isNull();
        assertThat(ids(tracking.searchRuns(RunSearch.of(exp)))).as("default: newest first").containsExactly(mid, high, low);
    }

    @Test
    void searchRuns_viewType_separatesDeletedRuns() {
        String exp = tracking.createExperiment("views", null, Map.of()).id();
        String kept = runWith(exp, "a", 0.5, "1", "FINISHED", 1);
        String gone = runWith(exp, "b", 0.5, "1", "FINISHED", 2);
        tracking.deleteRun(gone);
        assertThat(ids(tracking.searchRuns(RunSearch.of(exp)))).containsExactly(kept);
        assertThat(ids(tracking.searchRuns(new RunSearch(List.of(exp), null, ViewType.DELETED_ONLY, 10, null, null))))
                .containsExactly(gone);
        assertThat(ids(tracking.searchRuns(new RunSearch(List.of(exp), null, ViewType.ALL, 10, null, null)))).hasSize(2);
    }

    @Test
    void searchRuns_byDatasetDigest_findsRunsThatUsedIt() {
        String exp = tracking.createExperiment("datasets", null, Map.of()).id();
        String used = runWith(exp, "a", 0.5, "1", "FINISHED", 1);
        runWith(exp, "b", 0.5, "1", "FINISHED", 2);
        tracking.logInputs(used, List.of(DatasetInput.loupe("phone-covers", "4f2a", "train")));
        assertThat(ids(search(exp, "datasets.digest = '4f2a'"))).containsExactly(used);
    }

    private Page<Run> search(String exp, String filter) {
        return tracking.searchRuns(new RunSearch(List.of(exp), filter, ViewType.ACTIVE_ONLY, 100, List.of(), null));
    }

    private static List<String> ids(Page<Run> page) {
        return page.items().stream().map(r -> r.info().runId()).toList();
    }
}
