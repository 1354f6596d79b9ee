package dev.loupe.server.serving;

import dev.loupe.server.LoupeServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.loupe.server.serving.ServingFixture.await;
import static dev.loupe.server.serving.ServingFixture.quietly;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code loupe_requests_total} counts every request a model route answers, the ones refused before inference too. */
class RequestCountsTest {
    @TempDir
    Path dir;

    private ServedHome home;
    private LoupeServer server;

    @BeforeEach
    void start() throws Exception {
        home = new ServedHome(dir);
        home.register("covers", 0.5);
        home.alias("covers", "champion", 1);
        server = home.start(ServingFixture.fastPolling()
                .withServe(dev.loupe.serve.ServeConfig.defaults().withPorts(0, -1).withMaxRequestBytes(4096)));
        await(Duration.ofSeconds(20), "covers served", quietly(() -> "1".equals(ServingFixture.servedVersion(server, "covers"))));
    }

    @AfterEach
    void stop() {
        home.close();
    }

    @Test
    void requestsTotal_countsBodiesRefusedBeforeInference() throws Exception {
        long before = total();
        int sent = 0;
        for (String body : new String[]{"", "{not json", "[]"}) {
            assertThat(send("/v2/models/covers/infer", body.getBytes()).statusCode()).as(body).isEqualTo(400);
            sent++;
        }
        assertThat(send("/v1/models/covers/inspect", new byte[0]).statusCode()).isEqualTo(400);
        sent++;
        assertThat(send("/v2/models/covers/infer", new byte[8192]).statusCode()).isEqualTo(413);
        sent++;
        assertThat(send("/v1/models/covers/inspect", new byte[8192]).statusCode()).isEqualTo(413);
        sent++;
        assertThat(send("/v2/models/nope/infer", "{}".getBytes()).statusCode()).isEqualTo(404);
        sent++;

        String metrics = ServingFixture.get(server, "/metrics").body();
        assertThat(total() - before).as(metrics).isEqualTo(sent);
        assertThat(metrics).contains("loupe_requests_total{model=\"covers\",version=\"1\",outcome=\"bad_request\"} 3")
                .contains("outcome=\"payload_too_large\"} ")
                .contains("loupe_requests_total{model=\"\",version=\"\",outcome=\"not_found\"} 1")
                .doesNotContain("nope");
    }

    private HttpResponse<String> send(String path, byte[] body) throws Exception {
        return ServingFixture.HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The sum of every {@code loupe_requests_total} series that is not a success. */
    private long total() throws Exception {
        Matcher m = Pattern.compile("(?m)^loupe_requests_total\\{[^}]*outcome=\"(\\w+)\"} (\\d+)").matcher(ServingFixture.get(server, "/metrics").body());
        long sum = 0;
        while (m.find()) {
            if (!m.group(1).equals("ok")) {
                sum += Long.parseLong(m.group(2));
            }
        }
        return sum;
    }
}
