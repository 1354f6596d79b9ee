package dev.loupe.cli.review;

import com.sun.net.httpserver.HttpServer;
import dev.loupe.cli.CliRun;
import dev.loupe.cli.ExitCodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code loupe review list|label} against a stand-in for the platform's review API on 127.0.0.1. */
class ReviewCommandsTest {
    private HttpServer server;

    /** A server answering every request with {@code status} and {@code body}; returns its URL. */
    private String serve(int status, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void list_json_printsTheServersAnswerAsIs() throws Exception {
        String url = serve(200, "{\"items\":[{\"request_id\":\"r1\",\"score\":0.5}],\"next\":null}");
        CliRun r = CliRun.of("review", "list", "--server", url, "--json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.json().path("items").get(0).path("request_id").asText()).isEqualTo("r1");
        assertThat(r.json().has("next")).isTrue();
    }

    @Test
    void label_serverWantsAToken_saysWhereTheCliTakesItFrom() throws Exception {
        assumeTrue(System.getenv("LOUPE_TOKEN") == null, "the hint is for a shell without LOUPE_TOKEN");
        String url = serve(401, "{\"error\":\"authentication required\"}");
        CliRun r = CliRun.of("review", "label", "r1", "defect", "--server", url);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err()).contains("401", "authentication required", "LOUPE_TOKEN");
    }
}
