package dev.loupe.server.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.server.RunningServer;
import dev.loupe.server.mlflow.MlflowHttpTest.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.loupe.server.mlflow.MlflowHttpTest.call;
import static dev.loupe.server.mlflow.MlflowHttpTest.newRun;
import static org.assertj.core.api.Assertions.assertThat;

/** MLflow 2.17's input rules over HTTP: names, lengths, log-batch counts, and delete/restore of experiments. */
class MlflowValidationHttpTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        MlflowHttpTest.server = new RunningServer(dir);
    }

    @AfterAll
    static void stop() {
        MlflowHttpTest.server.close();
    }

    private static void assertInvalid(Reply r, String message) {
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().get("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(r.body().get("message").asText()).isEqualTo(message);
    }

    private static Reply logMetric(String run, String key) throws Exception {
        return call("POST", "runs/log-metric", "{\"run_id\": \"" + run + "\", \"key\": \"" + key
                + "\", \"value\": 1, \"timestamp\": 1700000000000}");
    }

    private static String quoted(String s) {
        return "\"" + s + "\"";
    }

    private static String batch(String run, int metrics, int params, int tags) {
        StringBuilder b = new StringBuilder("{\"run_id\": \"" + run + "\", \"metrics\": [");
        for (int i = 0; i < metrics; i++) {
            b.append(i == 0 ? "" : ",").append("{\"key\": \"m").append(i).append("\", \"value\": 1, \"timestamp\": 1}");
        }
        b.append("], \"params\": [");
        for (int i = 0; i < params; i++) {
            b.append(i == 0 ? "" : ",").append("{\"key\": \"p").append(i).append("\", \"value\": \"v\"}");
        }
        b.append("], \"tags\": [");
        for (int i = 0; i < tags; i++) {
            b.append(i == 0 ? "" : ",").append("{\"key\": \"t").append(i).append("\", \"value\": \"v\"}");
        }
        return b.append("]}").toString();
    }

    @Test
    void modelName_withAControlCharacterOrADotSegment_is400_andCreatesNothing() throws Exception {
        for (String name : new String[]{"a\\u0000b", "line\\nbreak", "tab\\there", ".", ".."}) {
            Reply r = call("POST", "registered-models/create", "{\"name\": \"" + name + "\"}");
            assertThat(r.status()).as(name).isEqualTo(400);
            assertThat(r.body().get("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
        }
        assertThat(call("POST", "registered-models/create", "{\"name\": \"fine.name v2\"}").status()).isEqualTo(200);
        assertThat(call("POST", "registered-models/rename", "{\"name\": \"fine.name v2\", \"new_name\": \"..\"}").status())
                .isEqualTo(400);
        assertThat(call("GET", "registered-models/search", null).body().findValuesAsText("name"))
                .contains("fine.name v2").doesNotContain("a\u0000b", "line\nbreak", "tab\there", ".", "..");
    }

    @Test
    void metricKey_thatIsNotItsOwnPath_is400() throws Exception {
        String run = newRun("bad-paths");
        assertInvalid(logMetric(run, "a//b"), "Invalid metric name: 'a//b'. Names may be treated as files in certain cases,"
                + " and must not resolve to other names when treated as such. This name would resolve to 'a/b'");
        assertInvalid(logMetric(run, "../x"), "Invalid metric name: '../x'. Names may be treated as files in certain cases,"
                + " and must not resolve to other names when treated as such. This name would resolve to '../x'");
        assertThat(logMetric(run, "/abs").status()).isEqualTo(400);
        assertThat(logMetric(run, "a/./b").status()).isEqualTo(400);
        assertThat(call("GET", "runs/get?run_id=" + run, null).body().at("/run/data/metrics").size()).isZero();
    }

    @Test
    void metricKey_withABadCharacter_is400_andSlashesDotsColonsPass() throws Exception {
        String run = newRun("bad-chars");
        assertInvalid(logMetric(run, "auc@k"), "Invalid metric name: 'auc@k'. Names may only contain alphanumerics,"
                + " underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/).");
        assertThat(logMetric(run, "val/auc:0.5 top-1_x").status()).isEqualTo(200);
        assertThat(logMetric(run, "epoch.validation_auroc").status()).isEqualTo(200);
    }

    @Test
    void keys_atTheLimit_pass_andOneLonger_is400() throws Exception {
        String run = newRun("key-length");
        assertThat(logMetric(run, "k".repeat(250)).status()).isEqualTo(200);
        Reply r = logMetric(run, "k".repeat(251));
        assertInvalid(r, "Metric name '" + "k".repeat(250) + "' had length 251, which exceeded length limit of 250");
        assertThat(call("POST", "runs/log-parameter", "{\"run_id\": \"" + run + "\", \"key\": \"" + "p".repeat(251)
                + "\", \"value\": \"v\"}").body().get("message").asText()).startsWith("Param key 'ppp");
        assertThat(call("POST", "runs/set-tag", "{\"run_id\": \"" + run + "\", \"key\": \"" + "t".repeat(251)
                + "\", \"value\": \"v\"}").status()).isEqualTo(400);
    }

    @Test
    void paramValue_overTheLimit_isCutTo6000_asMlflowsServerDoes() throws Exception {
        String run = newRun("param-length");
        assertThat(call("POST", "runs/log-parameter", "{\"run_id\": \"" + run + "\", \"key\": \"exact\", \"value\": "
                + quoted("v".repeat(6000)) + "}").status()).isEqualTo(200);
        assertThat(call("POST", "runs/log-parameter", "{\"run_id\": \"" + run + "\", \"key\": \"long\", \"value\": "
                + quoted("v".repeat(6001)) + "}").status()).isEqualTo(200);
        JsonNode params = call("GET", "runs/get?run_id=" + run, null).body().at("/run/data/params");
        assertThat(params).allSatisfy(p -> assertThat(p.get("value").asText()).hasSize(6000));
        assertThat(params).hasSize(2);
    }

    @Test
    void runTagValue_overTheLimit_isCutTo8000() throws Exception {
        String run = newRun("tag-length");
        assertThat(call("POST", "runs/set-tag", "{\"run_id\": \"" + run + "\", \"key\": \"note\", \"value\": "
                + quoted("é".repeat(8001)) + "}").status()).isEqualTo(200);
        JsonNode tags = call("GET", "runs/get?run_id=" + run, null).body().at("/run/data/tags");
        JsonNode note = null;
        for (JsonNode t : tags) {
            if (t.get("key").asText().equals("note")) {
                note = t;
            }
        }
        assertThat(note).isNotNull();
        assertThat(note.get("value").asText()).isEqualTo("é".repeat(8000));
    }

    @Test
    void experimentAndRegistryTagValues_overTheLimit_are400_atTheLimitPass() throws Exception {
        String exp = call("POST", "experiments/create", "{\"name\": \"exp-tags\"}").body().get("experiment_id").asText();
        assertThat(call("POST", "experiments/set-experiment-tag", "{\"experiment_id\": \"" + exp
                + "\", \"key\": \"k\", \"value\": " + quoted("v".repeat(5000)) + "}").status()).isEqualTo(200);
        assertInvalid(call("POST", "experiments/set-experiment-tag", "{\"experiment_id\": \"" + exp
                        + "\", \"key\": \"k\", \"value\": " + quoted("v".repeat(5001)) + "}"),
                "Tag value '" + "v".repeat(250) + "' had length 5001, which exceeded length limit of 5000");
        assertThat(call("POST", "experiments/set-experiment-tag", "{\"experiment_id\": \"" + exp
                + "\", \"key\": \"a//b\", \"value\": \"v\"}").status()).isEqualTo(400);

        call("POST", "registered-models/create", "{\"name\": \"tagged\"}");
        call("POST", "model-versions/create", "{\"name\": \"tagged\", \"source\": \"/m\"}");
        assertThat(call("POST", "registered-models/set-tag", "{\"name\": \"tagged\", \"key\": \"k\", \"value\": "
                + quoted("v".repeat(5000)) + "}").status()).isEqualTo(200);
        assertThat(call("POST", "registered-models/set-tag", "{\"name\": \"tagged\", \"key\": \"k\", \"value\": "
                + quoted("v".repeat(5001)) + "}").body().get("message").asText())
                .startsWith("Registered model value 'vvv").endsWith("had length 5001, which exceeded length limit of 5000");
        assertThat(call("POST", "model-versions/set-tag", "{\"name\": \"tagged\", \"version\": \"1\", \"key\": \"k\","
                + " \"value\": " + quoted("v".repeat(5001)) + "}").body().get("message").asText())
                .startsWith("Model version value 'vvv");
        assertThat(call("POST", "model-versions/set-tag", "{\"name\": \"tagged\", \"version\": \"1\", \"key\": \""
                + "k".repeat(251) + "\", \"value\": \"v\"}").status()).isEqualTo(400);
    }

    @Test
    void tagsSentWithACreateCall_areCheckedAsTheSetTagCallsCheckThem_andNothingIsCreated() throws Exception {
        String longValue = quoted("v".repeat(5001));
        assertInvalid(call("POST", "experiments/create", "{\"name\": \"created-tags\", \"tags\": [{\"key\": \"k\", \"value\": "
                + longValue + "}]}"), "Tag value '" + "v".repeat(250) + "' had length 5001, which exceeded length limit of 5000");
        assertThat(call("GET", "experiments/get-by-name?experiment_name=created-tags", null).status()).isEqualTo(404);
        assertThat(call("POST", "experiments/create", "{\"name\": \"created-tags\", \"tags\": [{\"key\": \"a@b\", "
                + "\"value\": \"v\"}]}").status()).isEqualTo(400);

        String exp = call("POST", "experiments/create", "{\"name\": \"created-run-tags\"}").body().get("experiment_id").asText();
        assertThat(call("POST", "runs/create", "{\"experiment_id\": \"" + exp + "\", \"tags\": [{\"key\": \""
                + "t".repeat(251) + "\", \"value\": \"v\"}]}").status()).isEqualTo(400);
        Reply run = call("POST", "runs/create", "{\"experiment_id\": \"" + exp + "\", \"tags\": [{\"key\": \"note\", "
                + "\"value\": " + quoted("x".repeat(9000)) + "}]}");
        assertThat(run.status()).isEqualTo(200);
        JsonNode note = null;
        for (JsonNode t : run.body().at("/run/data/tags")) {
            if (t.get("key").asText().equals("note")) {
                note = t;
            }
        }
        assertThat(note).isNotNull();
        assertThat(note.get("value").asText()).hasSize(8000);

        assertThat(call("POST", "registered-models/create", "{\"name\": \"created-model-tags\", \"tags\": [{\"key\": "
                + "\"k\", \"value\": " + longValue + "}]}").status()).isEqualTo(400);
        assertThat(call("GET", "registered-models/get?name=created-model-tags", null).status()).isEqualTo(404);
        call("POST", "registered-models/create", "{\"name\": \"created-version-tags\"}");
        assertThat(call("POST", "model-versions/create", "{\"name\": \"created-version-tags\", \"source\": \"/m\", "
                + "\"tags\": [{\"key\": \"k\", \"value\": " + longValue + "}]}").status()).isEqualTo(400);
        assertThat(call("GET", "model-versions/get?name=created-version-tags&version=1", null).status()).isEqualTo(404);
    }

    @Test
    void logBatch_atEachLimit_passes() throws Exception {
        String run = newRun("batch-limits");
        assertThat(call("POST", "runs/log-batch", batch(run, 800, 100, 100)).status()).isEqualTo(200);
        assertThat(call("POST", "runs/log-batch", batch(newRun("batch-metrics"), 1000, 0, 0)).status()).isEqualTo(200);
        assertThat(call("GET", "runs/get?run_id=" + run, null).body().at("/run/data/params").size()).isEqualTo(100);
    }

    @Test
    void logBatch_overALimit_is400_naming_it() throws Exception {
        String run = newRun("batch-over");
        assertInvalid(call("POST", "runs/log-batch", batch(run, 0, 101, 0)), "A batch logging request can contain at most"
                + " 100 params. Got 101 params. Please split up params across multiple requests and try again.");
        assertThat(call("POST", "runs/log-batch", batch(run, 0, 0, 101)).body().get("message").asText())
                .startsWith("A batch logging request can contain at most 100 tags. Got 101 tags.");
        assertThat(call("POST", "runs/log-batch", batch(run, 1001, 0, 0)).body().get("message").asText())
                .startsWith("A batch logging request can contain at most 1000 metrics. Got 1001 metrics.");
        assertThat(call("POST", "runs/log-batch", batch(run, 901, 100, 0)).body().get("message").asText())
                .startsWith("A batch logging request can contain at most 1000 metrics, params, and tags. Got 1001");
        assertThat(call("GET", "runs/get?run_id=" + run, null).body().at("/run/data/params").size()).isZero();
    }

    @Test
    void logBatch_withABadKeyOrDuplicateParams_is400() throws Exception {
        String run = newRun("batch-keys");
        assertThat(call("POST", "runs/log-batch", "{\"run_id\": \"" + run + "\", \"metrics\": [{\"key\": \"../up\","
                + " \"value\": 1, \"timestamp\": 1}]}").body().get("message").asText()).startsWith("Invalid metric name: '../up'.");
        assertInvalid(call("POST", "runs/log-batch", "{\"run_id\": \"" + run + "\", \"params\": [{\"key\": \"p\", \"value\":"
                + " \"1\"}, {\"key\": \"p\", \"value\": \"2\"}]}"), "Duplicate parameter keys have been submitted: ['p']."
                + " Please ensure the request contains only one param value per param key.");
    }

    @Test
    void deletingADeletedExperiment_andRestoringAnActiveOne_are404() throws Exception {
        String exp = call("POST", "experiments/create", "{\"name\": \"twice\"}").body().get("experiment_id").asText();
        String body = "{\"experiment_id\": \"" + exp + "\"}";
        Reply restoreActive = call("POST", "experiments/restore", body);
        assertThat(restoreActive.status()).isEqualTo(404);
        assertThat(restoreActive.body().get("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
        assertThat(restoreActive.body().get("message").asText()).isEqualTo("No Experiment with id=" + exp + " exists");
        assertThat(call("POST", "experiments/delete", body).status()).isEqualTo(200);
        assertThat(call("POST", "experiments/delete", body).status()).isEqualTo(404);
        assertThat(call("POST", "experiments/restore", body).status()).isEqualTo(200);
    }

    @Test
    void runs_deleteAndRestoreTwice_bothAnswer200_asMlflowsStore() throws Exception {
        String run = newRun("run-twice");
        String body = "{\"run_id\": \"" + run + "\"}";
        assertThat(call("POST", "runs/restore", body).status()).isEqualTo(200);
        assertThat(call("POST", "runs/delete", body).status()).isEqualTo(200);
        assertThat(call("POST", "runs/delete", body).status()).isEqualTo(200);
        assertThat(call("GET", "runs/get?run_id=" + run, null).body().at("/run/info/lifecycle_stage").asText()).isEqualTo("deleted");
    }
}
