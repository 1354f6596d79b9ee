package dev.loupe.serve.rest;

import dev.loupe.serve.Http;
import dev.loupe.serve.ServeConfig;
import dev.loupe.serve.ServeFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** HEAD and wrong methods on the prediction server's routes, over real sockets. */
class HttpMethodsTest {
    static ServeFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = ServeFixture.start(ServeConfig.defaults().withPorts(0, -1));
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private record Raw(int status, Map<String, String> headers, String body) {
    }

    /**
     * HEAD then GET of {@code path} on one connection: the GET's answer reads whole after the HEAD's only if the
     * HEAD sent no body.
     */
    private static Raw[] headThenGet(String path) throws IOException {
        try (Socket s = new Socket("127.0.0.1", fx.server.httpPort())) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("HEAD " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            Raw head = read(in, false);
            return new Raw[]{head, read(in, true)};
        }
    }

    private static Raw read(InputStream in, boolean body) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("the connection closed in a response head: " + head);
            }
            head.append((char) c);
        }
        String[] lines = head.toString().split("\r\n");
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            headers.put(lines[i].substring(0, lines[i].indexOf(':')), lines[i].substring(lines[i].indexOf(':') + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("Content-Length", "0"));
        String text = body ? new String(in.readNBytes(length), StandardCharsets.UTF_8) : "";
        return new Raw(Integer.parseInt(lines[0].split(" ")[1]), headers, text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v2/health/live", "/v2/health/ready", "/v2", "/v2/models/tiny", "/v2/models/tiny/versions/1/ready",
            "/metrics"})
    void head_ofAGetRoute_answersAsGetWithoutTheBody(String path) throws IOException {
        Raw[] r = headThenGet(path);

        assertThat(r[0].status()).isEqualTo(200);
        assertThat(r[1].status()).isEqualTo(200);
        assertThat(r[0].headers().get("Content-Type")).isEqualTo(r[1].headers().get("Content-Type"));
        assertThat(Integer.parseInt(r[0].headers().get("Content-Length"))).isEqualTo(r[1].body().getBytes(StandardCharsets.UTF_8).length)
                .isPositive();
    }

    @Test
    void head_ofAnUnknownModel_is404WithoutTheBody() throws IOException {
        Raw[] r = headThenGet("/v2/models/nope");

        assertThat(r[0].status()).isEqualTo(404);
        assertThat(r[0].headers().get("Content-Length")).isEqualTo(Integer.toString(r[1].body().length()));
        assertThat(r[1].body()).contains("unknown model");
    }

    @Test
    void head_ofAnUnknownPath_is404WithoutTheBody() throws IOException {
        Raw[] r = headThenGet("/nope");

        assertThat(r[0].status()).isEqualTo(404);
        assertThat(r[1].status()).isEqualTo(404);
        assertThat(r[0].headers().get("Content-Length")).isEqualTo(Integer.toString(r[1].body().length()));
    }

    private static Http.Response send(String method, String path) {
        return fx.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fx.server.httpPort() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    @Test
    void wrongMethod_onAGetRoute_is405WithAllow() {
        Http.Response r = send("PUT", "/v2/models/tiny");

        assertThat(r.status()).isEqualTo(405);
        assertThat(r.header("Allow")).isEqualTo("GET, HEAD");
        assertThat(r.json().get("error").asText()).isEqualTo("method PUT is not allowed on /v2/models/tiny; it takes GET, HEAD");
    }

    @Test
    void wrongMethod_onAPostRoute_is405WithAllow() {
        Http.Response infer = send("GET", "/v2/models/tiny/versions/2/infer");
        Http.Response inspect = send("DELETE", "/v1/models/tiny/inspect");

        assertThat(infer.status()).isEqualTo(405);
        assertThat(infer.header("Allow")).isEqualTo("POST");
        assertThat(inspect.status()).isEqualTo(405);
        assertThat(inspect.json().get("error").asText()).contains("it takes POST");
    }

    @Test
    void postToMetrics_is405() {
        Http.Response r = send("POST", "/metrics");

        assertThat(r.status()).isEqualTo(405);
        assertThat(r.header("Allow")).isEqualTo("GET, HEAD");
    }

    @Test
    void unknownPath_isStill404() {
        assertThat(send("PUT", "/v2/nothing/here").status()).isEqualTo(404);
        assertThat(send("GET", "/nope").status()).isEqualTo(404);
    }
}
