package dev.loupe.server.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.server.RunningServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The MLflow REST API over plain HTTP: error shapes and status codes, number-or-string ids, methods. */
class MlflowHttpTest {
    @TempDir
    static Path dir;
    static RunningServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() {
        server = new RunningServer(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Reply(int status, JsonNode body) {
    }

    static Reply call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + "/api/2.0/mlflow/" + path))
                .header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        return new Reply(r.statusCode(), JSON.readTree(r.body()));
    }

    static String newRun(String experiment) throws Exception {
        String exp = call("POST", "experiments/create", "{\"name\": \"" + experiment + "\"}").body.get("experiment_id").asText();
        return call("POST", "runs/create", "{\"experiment_id\": \"" + exp + "\"}").body.at("/run/info/run_id").asText();
    }

    @Test
    void missingExperiment_is404_resourceDoesNotExist() throws Exception {
        Reply r = call("GET", "experiments/get?experiment_id=987654", null);
        assertThat(r.status).isEqualTo(404);
        assertThat(r.body.get("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
        assertThat(r.body.get("message").asText()).contains("987654");
    }

    @Test
    void duplicateExperiment_is400_resourceAlreadyExists() throws Exception {
        call("POST", "experiments/create", "{\"name\": \"dup\"}");
        Reply r = call("POST", "experiments/create", "{\"name\": \"dup\"}");
        assertThat(r.status).isEqualTo(400);
        assertThat(r.body.get("error_code").asText()).isEqualTo("RESOURCE_ALREADY_EXISTS");
    }

    @Test
    void missingRequiredParameter_is400_invalidParameterValue() throws Exception {
        Reply r = call("POST", "experiments/create", "{}");
        assertThat(r.status).isEqualTo(400);
        assertThat(r.body.get("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(r.body.get("message").asText()).contains("name");
    }

    @Test
    void malformedJson_is400() throws Exception {
        Reply r = call("POST", "experiments/create", "{\"name\": ");
        assertThat(r.status).isEqualTo(400);
        assertThat(r.body.get("error_code").asText()).isEqualTo("BAD_REQUEST");
    }

    @Test
    void unknownEndpoint_is404_endpointNotFound() throws Exception {
        Reply r = call("POST", "runs/teleport", "{}");
        assertThat(r.status).isEqualTo(404);
        assertThat(r.body.get("error_code").asText()).isEqualTo("ENDPOINT_NOT_FOUND");
    }

    @Test
    void badFilter_is400_withTheReason() throws Exception {
        Reply r = call("POST", "runs/search", "{\"experiment_ids\": [\"0\"], \"filter\": \"metrics.auc > 'high'\"}");
        assertThat(r.status).isEqualTo(400);
        assertThat(r.body.get("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(r.body.get("message").asText()).contains("numeric");
    }

    @Test
    void int64Fields_acceptNumbersAndStrings_andAnswerNumbers() throws Exception {
        String run = newRun("ids");
        assertThat(call("POST", "runs/log-metric", "{\"run_id\": \"" + run
                + "\", \"key\": \"m\", \"value\": 0.5, \"timestamp\": 1700000000000, \"step\": 1}").status).isEqualTo(200);
        assertThat(call("POST", "runs/log-metric", "{\"run_id\": \"" + run
                + "\", \"key\": \"m\", \"value\": \"0.25\", \"timestamp\": \"1700000000001\", \"step\": \"2\"}").status).isEqualTo(200);
        Reply h = call("GET", "metrics/get-history?run_id=" + run + "&metric_key=m", null);
        assertThat(h.body.at("/metrics/1/timestamp").isNumber()).isTrue();
        assertThat(h.body.at("/metrics/1/timestamp").asLong()).isEqualTo(1_700_000_000_001L);
        assertThat(h.body.at("/metrics/1/step").asLong()).isEqualTo(2);
        assertThat(h.body.at("/metrics/1/value").asDouble()).isEqualTo(0.25);
        Reply bad = call("POST", "runs/log-metric", "{\"run_id\": \"" + run + "\", \"key\": \"m\", \"value\": 1, \"timestamp\": \"soon\"}");
        assertThat(bad.status).isEqualTo(400);
    }

    @Test
    void experimentId_asNumber_isAccepted() throws Exception {
        String id = call("POST", "experiments/create", "{\"name\": \"numeric-id\"}").body.get("experiment_id").asText();
        Reply r = call("POST", "experiments/get", "{\"experiment_id\": " + id + "}");
        assertThat(r.status).isEqualTo(200);
        assertThat(r.body.at("/experiment/name").asText()).isEqualTo("numeric-id");
        assertThat(r.body.at("/experiment/experiment_id").isTextual()).isTrue();
    }

    @Test
    void logInputs_recordsTheDatasetVersion_andSearchFindsIt() throws Exception {
        String run = newRun("inputs");
        String exp = call("GET", "runs/get?run_id=" + run, null).body.at("/run/info/experiment_id").asText();
        Reply r = call("POST", "runs/log-inputs", "{\"run_id\": \"" + run + "\", \"datasets\": [{\"tags\": [{\"key\":"
                + " \"mlflow.data.context\", \"value\": \"train\"}], \"dataset\": {\"name\": \"phone-covers\", \"digest\": \"4f2a\","
                + " \"source_type\": \"loupe\", \"source\": \"phone-covers@4f2a\"}}]}");
        assertThat(r.status).isEqualTo(200);
        JsonNode input = call("GET", "runs/get?run_id=" + run, null).body.at("/run/inputs/dataset_inputs/0");
        assertThat(input.at("/dataset/source").asText()).isEqualTo("phone-covers@4f2a");
        assertThat(input.at("/tags/0/value").asText()).isEqualTo("train");
        Reply found = call("POST", "runs/search", "{\"experiment_ids\": [\"" + exp + "\"], \"filter\": \"datasets.digest = '4f2a'\"}");
        assertThat(found.body.get("runs")).hasSize(1);
    }

    @Test
    void registry_deleteMethods_takeAJsonBody() throws Exception {
        call("POST", "registered-models/create", "{\"name\": \"to-delete\"}");
        call("POST", "model-versions/create", "{\"name\": \"to-delete\", \"source\": \"/m\"}");
        call("POST", "registered-models/set-tag", "{\"name\": \"to-delete\", \"key\": \"k\", \"value\": \"v\"}");
        call("POST", "registered-models/alias", "{\"name\": \"to-delete\", \"alias\": \"champion\", \"version\": 1}");
        assertThat(call("GET", "registered-models/alias?name=to-delete&alias=champion", null).body.at("/model_version/version").asText())
                .isEqualTo("1");
        assertThat(call("DELETE", "registered-models/alias", "{\"name\": \"to-delete\", \"alias\": \"champion\"}").status).isEqualTo(200);
        assertThat(call("GET", "registered-models/alias?name=to-delete&alias=champion", null).status).isEqualTo(404);
        assertThat(call("DELETE", "registered-models/delete-tag", "{\"name\": \"to-delete\", \"key\": \"k\"}").status).isEqualTo(200);
        assertThat(call("DELETE", "model-versions/delete", "{\"name\": \"to-delete\", \"version\": \"1\"}").status).isEqualTo(200);
        assertThat(call("DELETE", "registered-models/delete", "{\"name\": \"to-delete\"}").status).isEqualTo(200);
        assertThat(call("GET", "registered-models/get?name=to-delete", null).status).isEqualTo(404);
    }

    @Test
    void registry_renameAndSearch() throws Exception {
        call("POST", "registered-models/create", "{\"name\": \"old-name\"}");
        Reply renamed = call("POST", "registered-models/rename", "{\"name\": \"old-name\", \"new_name\": \"new-name\"}");
        assertThat(renamed.body.at("/registered_model/name").asText()).isEqualTo("new-name");
        Reply found = call("GET", "registered-models/search?filter=" + java.net.URLEncoder.encode("name LIKE 'new-%'",
                java.nio.charset.StandardCharsets.UTF_8), null);
        assertThat(found.body.get("registered_models")).extracting(n -> n.get("name").asText()).containsExactly("new-name");
        Reply patched = call("PATCH", "registered-models/update", "{\"name\": \"new-name\", \"description\": \"d\"}");
        assertThat(patched.body.at("/registered_model/description").asText()).isEqualTo("d");
    }

    @Test
    void aliasToMissingVersion_is404_andInvalidVersion_is400() throws Exception {
        call("POST", "registered-models/create", "{\"name\": \"aliased\"}");
        assertThat(call("POST", "registered-models/alias", "{\"name\": \"aliased\", \"alias\": \"champion\", \"version\": \"7\"}").status)
                .isEqualTo(404);
        assertThat(call("POST", "registered-models/alias", "{\"name\": \"aliased\", \"alias\": \"champion\", \"version\": \"seven\"}").status)
                .isEqualTo(400);
    }
}
