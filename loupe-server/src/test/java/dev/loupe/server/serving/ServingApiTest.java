package dev.loupe.server.serving;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.server.LoupeServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The serving API over real sockets: {@code /v1/feedback} (recorded against a logged prediction, refused
 * with a clear 4xx otherwise) and {@code /v1/models/{m}/rollout} (shadow, canary share, clear).
 */
class ServingApiTest {

    @TempDir
    Path dir;

    private ServedHome home;
    private LoupeServer server;

    @BeforeEach
    void start() throws Exception {
        home = new ServedHome(dir);
        home.register("covers", 0.5);
        home.register("covers", 0.9);
        home.alias("covers", "champion", 1);
        home.alias("covers", "challenger", 2);
        server = home.start(ServingFixture.fastPolling());
    }

    @AfterEach
    void stop() throws Exception {
        home.close();
    }

    @Test
    void servingRoutes_headAnswersAsGet_wrongMethodIs405() throws Exception {
        HttpResponse<String> get = ServingFixture.get(server, "/v1/models/covers/rollout");
        HttpResponse<String> head = send("HEAD", "/v1/models/covers/rollout");
        HttpResponse<String> put = send("PUT", "/v1/models/covers/rollout");

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValueAsLong("Content-Length"))
                .hasValue(get.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        assertThat(send("HEAD", "/v2/health/ready").statusCode()).isEqualTo(200);
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).hasValue("GET, HEAD, POST");
        assertThat(ServingFixture.json(put).get("error").asText()).contains("PUT");
        assertThat(send("PUT", "/api/2.0/mlflow/nothing").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return ServingFixture.HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url() + path))
                .method(method, java.net.http.HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void rollout_unexpectedFailure_is500SayingWhatFailedWithAnErrorId_notTheException() throws Exception {
        home.store.close(); // every read of the store fails from here on

        HttpResponse<String> r = ServingFixture.get(server, "/v1/models/covers/rollout");

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(ServingFixture.json(r).get("error").asText())
                .matches("reading the roll-out failed \\(error id [0-9a-f-]{36}; the server log has the details\\)");
    }

    @Test
    void monitor_versionNotANumber_is400SayingWhatAVersionIs() throws Exception {
        HttpResponse<String> r = ServingFixture.get(server, "/v1/models/covers/monitor?version=99999999999");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(ServingFixture.json(r).get("error").asText()).isEqualTo("version must be a positive whole number: 99999999999");
    }

    @Test
    void monitor_versionThatDoesNotExist_is404NamingIt() throws Exception {
        HttpResponse<String> r = ServingFixture.get(server, "/v1/models/covers/monitor?version=9");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(ServingFixture.json(r).get("error").asText()).isEqualTo("model 'covers' has no version 9 (latest: 2)");
    }

    @Test
    void monitor_modelThatDoesNotExist_is404NamingIt() throws Exception {
        for (String query : new String[] {"", "?version=1"}) {
            HttpResponse<String> r = ServingFixture.get(server, "/v1/models/covres/monitor" + query);

            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(ServingFixture.json(r).get("error").asText()).isEqualTo("no registered model 'covres'");
        }
    }

    @Test
    void monitor_registeredVersionWithoutAReference_saysItIsNotMonitored() throws Exception {
        HttpResponse<String> r = ServingFixture.get(server, "/v1/models/covers/monitor?version=2");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(ServingFixture.json(r).get("monitored").asBoolean()).isFalse();
    }

    @Test
    void feedback_forAnInspectedImage_isRecordedWithItsLabelAndSource() throws Exception {
        assertThat(ServingFixture.inspect(server, "covers", ServingFixture.gray(100), "cam-1", "fb-1").statusCode()).isEqualTo(200);

        HttpResponse<String> r = ServingFixture.post(server, "/v1/feedback",
                "{\"request_id\":\"fb-1\",\"label\":\"defect\",\"source\":\"inspector-anna\"}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(ServingFixture.json(r).get("source").asText()).isEqualTo("inspector-anna");
        assertThat(home.store.feedback().forRequest("fb-1")).extracting(f -> f.label()).containsExactly("defect");
    }

    @Test
    void feedback_unknownRequestId_is404NamingIt() throws Exception {
        HttpResponse<String> r = ServingFixture.post(server, "/v1/feedback", "{\"request_id\":\"never-served\",\"label\":\"defect\"}");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(ServingFixture.json(r).get("error").asText()).contains("never-served");
    }

    @Test
    void feedback_labelTheModelsDoNotKnow_is400ListingTheLabels() throws Exception {
        assertThat(ServingFixture.inspect(server, "covers", ServingFixture.gray(100), null, "fb-2").statusCode()).isEqualTo(200);
        HttpResponse<String> r = ServingFixture.post(server, "/v1/feedback", "{\"request_id\":\"fb-2\",\"label\":\"banana\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(ServingFixture.json(r).get("error").asText()).contains("banana").contains("defect");
    }

    @Test
    void feedback_malformedJsonOrMissingRequestId_is400() throws Exception {
        HttpResponse<String> broken = ServingFixture.post(server, "/v1/feedback", "{\"request_id\": ");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(ServingFixture.json(broken).has("error")).isTrue();
        HttpResponse<String> missing = ServingFixture.post(server, "/v1/feedback", "{\"label\":\"defect\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(ServingFixture.json(missing).get("error").asText()).contains("request_id");
    }

    @Test
    void feedback_sourceLongerThanTheLogKeepsOrNotText_is400AndNothingIsRecorded() throws Exception {
        assertThat(ServingFixture.inspect(server, "covers", ServingFixture.gray(100), null, "fb-3").statusCode()).isEqualTo(200);

        HttpResponse<String> huge = ServingFixture.post(server, "/v1/feedback",
                "{\"request_id\":\"fb-3\",\"label\":\"defect\",\"source\":\"" + "x".repeat(100_000) + "\"}");
        HttpResponse<String> object = ServingFixture.post(server, "/v1/feedback",
                "{\"request_id\":\"fb-3\",\"label\":\"defect\",\"source\":{\"name\":\"anna\"}}");

        assertThat(huge.statusCode()).as(huge.body()).isEqualTo(400);
        assertThat(ServingFixture.json(huge).get("error").asText()).contains("source").contains("200");
        assertThat(object.statusCode()).as(object.body()).isEqualTo(400);
        assertThat(ServingFixture.json(object).get("error").asText()).contains("source");
        assertThat(home.store.feedback().forRequest("fb-3")).isEmpty();
        HttpResponse<String> longest = ServingFixture.post(server, "/v1/feedback",
                "{\"request_id\":\"fb-3\",\"label\":\"defect\",\"source\":\"" + "x".repeat(200) + "\"}");
        assertThat(longest.statusCode()).as(longest.body()).isEqualTo(200);
    }

    @Test
    void rollout_shadowThenCanaryThenClear_isWhatTheApiReports() throws Exception {
        JsonNode shadow = ServingFixture.json(ServingFixture.post(server, "/v1/models/covers/rollout", "{\"mode\":\"shadow\"}"));
        assertThat(shadow.get("mode").asText()).isEqualTo("shadow");
        assertThat(shadow.get("challenger_version").asText()).isEqualTo("2");

        HttpResponse<String> canary = ServingFixture.post(server, "/v1/models/covers/rollout",
                "{\"mode\":\"canary\",\"challenger\":\"2\",\"share\":0.25,\"reason\":\"try v2\"}");
        assertThat(canary.statusCode()).as(canary.body()).isEqualTo(200);
        JsonNode read = ServingFixture.json(ServingFixture.get(server, "/v1/models/covers/rollout"));
        assertThat(read.get("mode").asText()).isEqualTo("canary");
        assertThat(read.get("share").asDouble()).isEqualTo(0.25);

        JsonNode cleared = ServingFixture.json(ServingFixture.post(server, "/v1/models/covers/rollout", "{\"mode\":\"none\"}"));
        assertThat(cleared.get("mode").asText()).isEqualTo("none");
        assertThat(cleared.get("challenger_version").isNull()).isTrue();
    }

    @Test
    void rollout_badShareUnknownChallengerOrModel_isRefusedWithAClearError() throws Exception {
        HttpResponse<String> share = ServingFixture.post(server, "/v1/models/covers/rollout", "{\"mode\":\"canary\",\"share\":1.5}");
        assertThat(share.statusCode()).isEqualTo(400);
        assertThat(ServingFixture.json(share).get("error").asText()).contains("share");
        HttpResponse<String> challenger = ServingFixture.post(server, "/v1/models/covers/rollout",
                "{\"mode\":\"shadow\",\"challenger\":\"7\"}");
        assertThat(challenger.statusCode()).isEqualTo(400);
        assertThat(ServingFixture.json(challenger).get("error").asText()).contains("'7'");
        HttpResponse<String> model = ServingFixture.post(server, "/v1/models/nope/rollout", "{\"mode\":\"shadow\"}");
        assertThat(model.statusCode()).isEqualTo(404);
    }

    @Test
    void rollout_unknownChallenger_errorListsTheAliasesAsAPersonWritesThem() throws Exception {
        home.store.registry().setAlias("test", "covers", "champion", 1, null);
        home.store.registry().setAlias("test", "covers", "challenger", 2, null);

        HttpResponse<String> r = ServingFixture.post(server, "/v1/models/covers/rollout", "{\"mode\":\"shadow\",\"challenger\":\"7\"}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(ServingFixture.json(r).get("error").asText()).contains("(aliases champion: v1, challenger: v2, versions 1..2)")
                .doesNotContain("{");
    }

    @Test
    void rollout_challengerVersionDeleted_isRefusedWithAClearError() throws Exception {
        home.register("covers", 0.7);
        home.store.registry().deleteVersion("test", "covers", 2);

        HttpResponse<String> r = ServingFixture.post(server, "/v1/models/covers/rollout", "{\"mode\":\"canary\",\"challenger\":\"2\",\"share\":0.5}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(ServingFixture.json(r).get("error").asText()).contains("'2'");
    }

    @Test
    void rollout_challengerVersionDeletedDuringCanary_endsTheRollout_andServesTheChampion() throws Exception {
        home.register("covers", 0.7);
        HttpResponse<String> canary = ServingFixture.post(server, "/v1/models/covers/rollout",
                "{\"mode\":\"canary\",\"challenger\":\"2\",\"share\":0.5}");
        assertThat(ServingFixture.json(canary).get("challenger_version").asText()).as(canary.body()).isEqualTo("2");

        home.store.registry().deleteVersion("test", "covers", 2);

        ServingFixture.await(java.time.Duration.ofSeconds(20), "the deleted challenger no longer served",
                ServingFixture.quietly(() -> ServingFixture.json(ServingFixture.get(server, "/v1/models/covers/rollout"))
                        .get("challenger_version").isNull()));
        JsonNode state = ServingFixture.json(ServingFixture.get(server, "/v1/models/covers/rollout"));
        assertThat(state.get("serving").asText()).isEqualTo("none");
        assertThat(state.get("mode").asText()).isEqualTo("none");
        assertThat(state.get("updated_by").asText()).isEqualTo("test");
        assertThat(state.has("problem")).as(state.toString()).isFalse();
        for (String station : java.util.List.of("a", "b", "c", "d", "e", "f", "g", "h")) {
            HttpResponse<String> r = ServingFixture.inspect(server, "covers", ServingFixture.gray(100), station, null);
            assertThat(ServingFixture.json(r).get("version").asText()).as(station).isEqualTo("1");
        }
    }
}
