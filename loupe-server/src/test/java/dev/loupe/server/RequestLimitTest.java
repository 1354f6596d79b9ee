package dev.loupe.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RequestLimitTest {
    @TempDir
    Path dir;

    @Test
    void body_overTheLimit_is413() throws Exception {
        try (RunningServer s = new RunningServer(dir)) {
            byte[] big = new byte[(int) LoupeServer.MAX_REQUEST_BYTES + 1024];
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(s.url() + "/api/2.0/mlflow/experiments/create"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(big)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(413);
        }
    }
}
