package dev.loupe.server.mlflow;

import dev.loupe.server.RunningServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.ModelRegistry.ModelVersion;
import org.mlflow.api.proto.ModelRegistry.RegisteredModel;
import org.mlflow.api.proto.Service.Experiment;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The official MLflow Java client (org.mlflow:mlflow-client 2.17.2) against a real Loupe server over
 * a socket: every call it makes must work and round-trip what was logged.
 */
class MlflowClientCompatibilityTest {
    @TempDir
    static Path dir;
    static RunningServer server;
    static MlflowClient client;

    @BeforeAll
    static void start() {
        server = new RunningServer(dir);
        client = new MlflowClient(server.url());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Test
    void experiments_createGetByNameRenameTagDeleteRestore() {
        String id = client.createExperiment("exp-lifecycle");
        assertThat(client.getExperiment(id).getName()).isEqualTo("exp-lifecycle");
        assertThat(client.getExperimentByName("exp-lifecycle")).map(Experiment::getExperimentId).contains(id);
        assertThat(client.getExperimentByName("no-such-experiment")).isEmpty();
        client.setExperimentTag(id, "owner", "line-3");
        client.renameExperiment(id, "exp-renamed");
        Experiment e = client.getExperiment(id);
        assertThat(e.getName()).isEqualTo("exp-renamed");
        assertThat(e.getTagsList()).anyMatch(t -> t.getKey().equals("owner") && t.getValue().equals("line-3"));
        client.deleteExperiment(id);
        assertThat(client.getExperiment(id).getLifecycleStage()).isEqualTo("deleted");
        assertThat(client.searchExperiments().getItems()).extracting(Experiment::getName).doesNotContain("exp-renamed");
        client.restoreExperiment(id);
        assertThat(client.searchExperiments("name = 'exp-renamed'").getItems()).extracting(Experiment::getExperimentId)
                .containsExactly(id);
        assertThatThrownBy(() -> client.createExperiment("exp-renamed")).isInstanceOf(MlflowHttpException.class)
                .satisfies(x -> assertThat(((MlflowHttpException) x).getStatusCode()).isEqualTo(400));
    }

    @Test
    void metricsWithSteps_roundTripThroughGetHistory() {
        String exp = client.createExperiment("exp-history");
        String runId = client.createRun(exp).getRunUuid();
        for (int step = 0; step < 5; step++) {
            client.logMetric(runId, "loss", 1.0 / (step + 1), 1_700_000_000_000L + step, step);
        }
        client.logMetric(runId, "diverged", Double.NaN, 1_700_000_000_000L, 0);
        List<Metric> history = client.getMetricHistory(runId, "loss");
        assertThat(history).extracting(Metric::getStep).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(history.get(4).getValue()).isEqualTo(0.2);
        assertThat(history.get(4).getTimestamp()).isEqualTo(1_700_000_000_004L);
        assertThat(client.getMetricHistory(runId, "diverged").getFirst().getValue()).isNaN();
        Run run = client.getRun(runId);
        assertThat(run.getData().getMetricsList()).filteredOn(m -> m.getKey().equals("loss"))
                .singleElement().extracting(Metric::getValue).isEqualTo(0.2);
    }

    @Test
    void runs_paramsTagsBatchAndTermination_roundTrip() {
        String exp = client.createExperiment("exp-runs");
        RunInfo info = client.createRun(exp);
        String runId = info.getRunId();
        assertThat(info.getStatus()).isEqualTo(RunStatus.RUNNING);
        assertThat(info.getExperimentId()).isEqualTo(exp);
        client.logParam(runId, "lr", "0.01");
        client.setTag(runId, "dataset", "phone-covers@4f2a");
        client.setTag(runId, "temp", "x");
        client.deleteTag(runId, "temp");
        client.logBatch(runId,
                List.of(Metric.newBuilder().setKey("auc").setValue(0.93).setTimestamp(1L).setStep(3).build()),
                List.of(Param.newBuilder().setKey("epochs").setValue("10").build()),
                List.of(RunTag.newBuilder().setKey("mlflow.source.git.commit").setValue("abc123").build()));
        client.setTerminated(runId, RunStatus.FINISHED, 1_700_000_000_999L);

        Run run = client.getRun(runId);
        assertThat(run.getInfo().getStatus()).isEqualTo(RunStatus.FINISHED);
        assertThat(run.getInfo().getEndTime()).isEqualTo(1_700_000_000_999L);
        assertThat(run.getData().getParamsList()).extracting(Param::getKey, Param::getValue)
                .contains(org.assertj.core.groups.Tuple.tuple("lr", "0.01"), org.assertj.core.groups.Tuple.tuple("epochs", "10"));
        assertThat(run.getData().getTagsList()).extracting(RunTag::getKey)
                .contains("dataset", "mlflow.source.git.commit").doesNotContain("temp");
        assertThat(run.getData().getMetricsList()).extracting(Metric::getKey, Metric::getStep)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("auc", 3L));

        client.deleteRun(runId);
        assertThat(client.searchRuns(List.of(exp), null)).isEmpty();
        assertThat(client.searchRuns(List.of(exp), null, ViewType.DELETED_ONLY)).extracting(RunInfo::getRunId).containsExactly(runId);
        client.restoreRun(runId);
        assertThat(client.listRunInfos(exp)).extracting(RunInfo::getRunId).containsExactly(runId);
    }

    @Test
    void searchRuns_filterAndOrderBy_andPaging() {
        String exp = client.createExperiment("exp-search");
        String a = run(exp, 0.95, "0.01", RunStatus.FINISHED);
        String b = run(exp, 0.91, "0.01", RunStatus.FINISHED);
        String c = run(exp, 0.99, "0.1", RunStatus.FAILED);
        run(exp, 0.5, "0.01", RunStatus.FINISHED);

        assertThat(client.searchRuns(List.of(exp), "metrics.auc > 0.9 and params.lr = '0.01'", ViewType.ACTIVE_ONLY, 100,
                List.of("metrics.auc DESC")).getItems()).extracting(r -> r.getInfo().getRunId()).containsExactly(a, b);
        assertThat(client.searchRuns(List.of(exp), "attributes.status = 'FAILED'")).extracting(RunInfo::getRunId).containsExactly(c);
        assertThat(client.searchRuns(List.of(exp), "tags.team = 'vision'")).hasSize(4);

        var page = client.searchRuns(List.of(exp), null, ViewType.ACTIVE_ONLY, 3, List.of("metrics.auc DESC"));
        assertThat(page.getItems()).extracting(r -> r.getInfo().getRunId()).containsExactly(c, a, b);
        assertThat(page.hasNextPage()).isTrue();
        assertThat(page.getNextPage().getItems()).hasSize(1);
    }

    private static String run(String exp, double auc, String lr, RunStatus status) {
        String id = client.createRun(exp).getRunId();
        client.logMetric(id, "auc", auc);
        client.logParam(id, "lr", lr);
        client.setTag(id, "team", "vision");
        client.setTerminated(id, status);
        return id;
    }

    @Test
    void registry_versionsAliasesTags_readBackThroughTheClient() {
        String exp = client.createExperiment("exp-registry");
        String runId = client.createRun(exp).getRunId();
        client.sendPost("registered-models/create", "{\"name\": \"defect-cnn\", \"description\": \"scratches\","
                + " \"tags\": [{\"key\": \"owner\", \"value\": \"line-3\"}]}");
        String source = "blob:sha256:" + "ab".repeat(32);
        client.sendPost("model-versions/create", "{\"name\": \"defect-cnn\", \"source\": \"" + source + "\", \"run_id\": \"" + runId + "\"}");
        client.sendPost("model-versions/create", "{\"name\": \"defect-cnn\", \"source\": \"/models/v2\"}");
        client.sendPost("registered-models/alias", "{\"name\": \"defect-cnn\", \"alias\": \"champion\", \"version\": \"1\"}");
        client.sendPost("model-versions/set-tag", "{\"name\": \"defect-cnn\", \"version\": \"1\", \"key\": \"gate\", \"value\": \"passed\"}");
        client.sendPatch("model-versions/update", "{\"name\": \"defect-cnn\", \"version\": \"2\", \"description\": \"retrained\"}");

        RegisteredModel model = client.getRegisteredModel("defect-cnn");
        assertThat(model.getDescription()).isEqualTo("scratches");
        assertThat(model.getTagsList()).anyMatch(t -> t.getKey().equals("owner"));
        assertThat(model.getAliasesList()).singleElement()
                .satisfies(al -> assertThat(al.getAlias() + "=" + al.getVersion()).isEqualTo("champion=1"));
        assertThat(client.getLatestVersions("defect-cnn")).extracting(ModelVersion::getVersion).containsExactly("2");

        ModelVersion v1 = client.getModelVersion("defect-cnn", "1");
        assertThat(v1.getSource()).isEqualTo(source);
        assertThat(v1.getRunId()).isEqualTo(runId);
        assertThat(v1.getAliasesList()).containsExactly("champion");
        assertThat(v1.getTagsList()).anyMatch(t -> t.getKey().equals("gate") && t.getValue().equals("passed"));
        assertThat(client.getModelVersion("defect-cnn", "2").getDescription()).isEqualTo("retrained");
        assertThat(client.getModelVersionDownloadUri("defect-cnn", "1")).isEqualTo(source);
        assertThat(client.searchModelVersions("name = 'defect-cnn'").getItems()).extracting(ModelVersion::getVersion)
                .containsExactly("2", "1");
        assertThat(client.searchModelVersions("run_id = '" + runId + "'").getItems()).extracting(ModelVersion::getVersion)
                .containsExactly("1");
        assertThat(server.store.registry().history("defect-cnn")).extracting(e -> e.change().action())
                .contains("create-model", "create-version", "set-alias", "set-version-tag", "set-version-description");
    }

    @Test
    void registry_missingModel_is404ForTheClient() {
        assertThatThrownBy(() -> client.getRegisteredModel("ghost")).isInstanceOf(MlflowHttpException.class)
                .satisfies(x -> assertThat(((MlflowHttpException) x).getStatusCode()).isEqualTo(404));
    }
}
