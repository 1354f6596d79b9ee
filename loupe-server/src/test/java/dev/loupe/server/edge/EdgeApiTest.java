package dev.loupe.server.edge;

import dev.loupe.core.store.file.FileBlobStore;
import dev.loupe.store.jdbc.SqliteMetadataStore;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The edge endpoints' answers to malformed requests, over a real socket. */
class EdgeApiTest {
    @TempDir
    static Path dir;
    static SqliteMetadataStore store;
    static FileBlobStore blobs;
    static WebServer server;
    static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        store = new SqliteMetadataStore(dir.resolve("loupe.db"));
        blobs = new FileBlobStore(dir.resolve("blobs"));
        // a registered version whose package is not in the blob store: reading it fails unexpectedly
        store.registry().register("seed", "lost", "blob:sha256:" + "0".repeat(64), null, null, java.util.Map.of());
        EdgeApi api = new EdgeApi(store, blobs);
        server = WebServer.builder().host("127.0.0.1").port(0).routing(api::register).build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
        blobs.close();
        store.close();
    }

    private HttpResponse<String> postRecords(HttpRequest.BodyPublisher body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/edge/records"))
                .header("Content-Type", "application/json").POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void records_emptyBody_is400() throws Exception {
        HttpResponse<String> r = postRecords(HttpRequest.BodyPublishers.noBody());

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("records");
    }

    @Test
    void records_emptyBatch_storesNothing() throws Exception {
        HttpResponse<String> r = postRecords(HttpRequest.BodyPublishers.ofString("{\"records\":[]}"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"stored\":0");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void modelPackage_unexpectedFailure_is500SayingWhatFailedWithAnErrorId_notTheException() throws Exception {
        HttpResponse<String> r = get("/v1/models/lost/package?version=1");

        assertThat(r.statusCode()).isEqualTo(500);
        String error = JSON.readTree(r.body()).get("error").asText();
        assertThat(error).matches("sending the model package failed \\(error id [0-9a-f-]{36}; the server log has the details\\)");
        assertThat(r.body()).doesNotContain("Exception").doesNotContain(dir.toString());
    }

    @Test
    void modelPackage_versionOutOfRange_is400SayingWhatAVersionIs() throws Exception {
        HttpResponse<String> r = get("/v1/models/lost/package?version=99999999999");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("error").asText())
                .isEqualTo("version must be a positive whole number: 99999999999");
    }

    @Test
    void modelPackage_versionNotANumber_is400SayingWhatAVersionIs() throws Exception {
        HttpResponse<String> r = get("/v1/models/lost/package?version=two");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("version must be a positive whole number: two");
    }

    @Test
    void review_limitNotANumber_is400SayingWhatALimitIs() throws Exception {
        HttpResponse<String> r = get("/v1/review?limit=lots");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("limit must be a positive whole number: lots");
    }

    @Test
    void review_aPredictionWithoutAScoreOrImage_isListedWithBothNull() throws Exception {
        store.predictions().append(java.util.List.of(new dev.loupe.core.monitoring.LoggedPrediction(java.time.Instant.now(), "m", "1",
                "cam-1", "no-score-1", new dev.loupe.core.image.ImageStats(0.5, 0.1, 1, 0.5, 0.5, 0.5, 0), Double.NaN, "",
                dev.loupe.core.decision.Decision.REVIEW, 1000, java.util.Optional.empty())));

        HttpResponse<String> r = get("/v1/review?limit=1000");

        assertThat(r.statusCode()).isEqualTo(200);
        com.fasterxml.jackson.databind.JsonNode item = null;
        for (com.fasterxml.jackson.databind.JsonNode n : JSON.readTree(r.body()).get("items")) {
            if (n.get("request_id").asText().equals("no-score-1")) {
                item = n;
            }
        }
        assertThat(item).as(r.body()).isNotNull();
        assertThat(item.get("score").isNull()).as(r.body()).isTrue();
        assertThat(item.has("image")).as("no image is null, not left out: " + r.body()).isTrue();
        assertThat(item.get("image").isNull()).as(r.body()).isTrue();
    }
}
