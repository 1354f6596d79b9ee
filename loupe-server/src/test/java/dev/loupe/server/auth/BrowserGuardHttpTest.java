package dev.loupe.server.auth;

import dev.loupe.server.RunningServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server with authentication off (loopback) against pages from other sites, over a real socket: a
 * cross-origin "simple" POST (no preflight) and a DNS-rebound host name change and read nothing.
 */
class BrowserGuardHttpTest {
    @TempDir
    Path dir;
    RunningServer running;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        running = new RunningServer(dir);
        running.store.registry().register("seed", "m", "blob:x", null, null, Map.of());
        running.store.registry().register("seed", "m", "blob:y", null, null, Map.of());
        running.store.registry().setAlias("seed", "m", "champion", 1, null);
    }

    @AfterEach
    void stop() {
        running.close();
    }

    private HttpResponse<String> moveChampion(String origin, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(running.url() + "/api/2.0/mlflow/registered-models/alias"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"m\",\"alias\":\"champion\",\"version\":\"2\"}"));
        if (origin != null) {
            b.header("Origin", origin);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void post_throughAProxyThatPassesItsUpstreamAsHost_isSameOriginByTheForwardedHost() throws Exception {
        // nginx's default: Host is the upstream (127.0.0.1:port), the browser's host goes in a header a page cannot set
        assertThat(moveChampion("https://inspect.example", "X-Forwarded-Host", "evil.example").statusCode()).isEqualTo(403);
        assertThat(moveChampion("https://inspect.example").statusCode()).isEqualTo(403);
        assertThat(champion()).isEqualTo(1);

        assertThat(moveChampion("https://inspect.example", "X-Forwarded-Host", "inspect.example").statusCode()).isEqualTo(200);
        assertThat(champion()).isEqualTo(2);
        running.store.registry().setAlias("seed", "m", "champion", 1, null);
        assertThat(moveChampion("https://inspect.example", "Forwarded", "for=10.0.0.7;host=inspect.example;proto=https")
                .statusCode()).isEqualTo(200);
        assertThat(champion()).isEqualTo(2);
    }

    private int champion() {
        return running.store.registry().versionByAlias("m", "champion").orElseThrow().version();
    }

    @Test
    void post_fromAPageOnAnotherSite_isRefusedAndChangesNothing() throws Exception {
        HttpResponse<String> r = moveChampion("http://evil.example");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("cross-origin");
        assertThat(champion()).isEqualTo(1);
    }

    @Test
    void post_fromASandboxedFrame_isRefused() throws Exception {
        assertThat(moveChampion("null").statusCode()).isEqualTo(403);
        assertThat(champion()).isEqualTo(1);
    }

    @Test
    void post_byAnApiClient_orFromTheServersOwnOrigin_goesThrough() throws Exception {
        assertThat(moveChampion(null).statusCode()).isEqualTo(200);
        assertThat(moveChampion(running.url()).statusCode()).isEqualTo(200);
        assertThat(champion()).isEqualTo(2);
    }

    @Test
    void request_withAForeignHostName_isRefused_evenFromItsOwnOrigin() throws Exception {
        int port = running.server.port();
        String rebound = "evil.example:" + port;
        assertThat(raw("GET /api/2.0/mlflow/registered-models/search HTTP/1.1\r\nHost: " + rebound + "\r\n"))
                .startsWith("HTTP/1.1 403");
        String body = "{\"name\":\"m\",\"alias\":\"champion\",\"version\":\"2\"}";
        assertThat(raw("POST /api/2.0/mlflow/registered-models/alias HTTP/1.1\r\nHost: " + rebound + "\r\nOrigin: http://"
                + rebound + "\r\nContent-Type: text/plain\r\nContent-Length: " + body.length() + "\r\n\r\n" + body))
                .startsWith("HTTP/1.1 403");
        assertThat(champion()).isEqualTo(1);
    }

    @Test
    void request_withALoopbackHostName_isAnswered() throws Exception {
        int port = running.server.port();
        assertThat(raw("GET /api/2.0/mlflow/registered-models/search HTTP/1.1\r\nHost: localhost:" + port + "\r\n"))
                .startsWith("HTTP/1.1 200").containsIgnoringCase("X-Content-Type-Options: nosniff");
    }

    /** One request as written (the JDK client sets Host itself); the answer's status line and headers. */
    private String raw(String request) throws Exception {
        String full = request.contains("\r\n\r\n") ? request : request + "Content-Length: 0\r\n\r\n";
        try (Socket s = new Socket("127.0.0.1", running.server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(full.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
            }
            return head.toString();
        }
    }
}
