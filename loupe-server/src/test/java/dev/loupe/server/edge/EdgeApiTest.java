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
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        store = new SqliteMetadataStore(dir.resolve("loupe.db"));
        blobs = new FileBlobStore(dir.resolve("blobs"));
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
}
