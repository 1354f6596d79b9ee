package dev.loupe.serve.rest;

import dev.loupe.serve.Http;
import dev.loupe.serve.ServeConfig;
import dev.loupe.serve.ServeFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad request gets the right 4xx with a message that says what is wrong, and the server
 * keeps serving: a good request succeeds after each.
 */
class BadInputTest {

    static ServeFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = ServeFixture.start(ServeConfig.defaults().withMaxRequestBytes(1024 * 1024));
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @AfterEach
    void goodRequestStillSucceeds() {
        Http.Response r = fx.http.postJson("/v2/models/tiny/infer", GOOD);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    static final String GOOD = """
            {"inputs": [{"name": "x", "datatype": "FP32", "shape": [1, 3], "data": [1, 2, 3]}]}""";

    record Case(String name, Function<Http, Http.Response> request, int status, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case json(String name, String path, String body, int status, String message) {
        return new Case(name, h -> h.postJson(path, body), status, message);
    }

    static Stream<Case> cases() {
        String infer = "/v2/models/tiny/infer";
        return Stream.of(
                json("malformed JSON", infer, "{\"inputs\": [", 400, "malformed JSON"),
                json("truncated JSON body", infer, GOOD.substring(0, GOOD.length() / 2), 400, "malformed JSON"),
                json("not an object", infer, "[1, 2]", 400, "JSON object"),
                json("no inputs", infer, "{}", 400, "\"inputs\""),
                json("unknown model", "/v2/models/nope/infer", GOOD, 404, "unknown model 'nope'"),
                json("unknown version", "/v2/models/tiny/versions/9/infer", GOOD, 404, "no version '9'"),
                json("wrong shape", infer, GOOD.replace("[1, 3]", "[3, 1]").replace("[1, 2, 3]", "[1, 2, 3]"), 400, "shape [3, 1]"),
                json("wrong datatype", infer, GOOD.replace("FP32", "INT64"), 400, "must be FP32, got INT64"),
                json("unknown datatype", infer, GOOD.replace("FP32", "FLOAT"), 400, "unknown datatype 'FLOAT'"),
                json("too few elements", infer, GOOD.replace("[1, 2, 3]", "[1, 2]"), 400, "needs 3 elements"),
                json("string in FP32 data", infer, GOOD.replace("[1, 2, 3]", "[1, \"2\", 3]"), 400, "element 1"),
                json("out of range", "/v2/models/identity_uint8/infer", GOOD.replace("FP32", "UINT8").replace("[1, 2, 3]", "[1, 256, 3]"), 400, "out of range for UINT8"),
                json("unknown input", infer, GOOD.replace("\"x\"", "\"w\""), 400, "unknown input 'w'"),
                json("unknown output", infer, GOOD.replace("]}]}", "]}], \"outputs\": [{\"name\": \"q\"}]}"), 400, "unknown output 'q'"),
                json("negative dimension", infer, GOOD.replace("[1, 3]", "[-1, 3]"), 400, "non-negative"),
                json("zero dimension", infer, GOOD.replace("[1, 3]", "[0, 3]").replace("[1, 2, 3]", "[]"), 400,
                        "has shape [0, 3]: every dimension must be at least 1"),
                json("zero inner dimension", infer, GOOD.replace("[1, 3]", "[1, 0]").replace("[1, 2, 3]", "[]"), 400,
                        "every dimension must be at least 1"),
                json("id with CR LF", infer, GOOD.replace("{\"inputs\"", "{\"id\": \"a\\r\\nX-Injected: 1\", \"inputs\""), 400,
                        "id must not contain control characters"),
                new Case("X-Station over 200 characters", h -> h.post(infer, GOOD.getBytes(StandardCharsets.UTF_8), "X-Station",
                        "s".repeat(201)), 400, "station is 201 characters"),
                new Case("X-Request-Id over 128 characters", h -> h.post(infer, GOOD.getBytes(StandardCharsets.UTF_8), "X-Request-Id",
                        "r".repeat(129)), 400, "request id is 129 characters"),
                json("id over 128 characters", infer, GOOD.replace("{\"inputs\"", "{\"id\": \"" + "i".repeat(129) + "\", \"inputs\""), 400,
                        "request id is 129 characters"),
                new Case("negative binary header length",
                        h -> h.post(infer, GOOD.getBytes(StandardCharsets.UTF_8), "Inference-Header-Content-Length", "-5"),
                        400, "must be a non-negative integer"),
                new Case("binary header length longer than the body",
                        h -> h.post(infer, GOOD.getBytes(StandardCharsets.UTF_8), "Inference-Header-Content-Length", "100000"),
                        400, "Inference-Header-Content-Length is 100000"),
                new Case("binary data shorter than binary_data_size", h -> {
                    String header = "{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [1, 3], \"parameters\": {\"binary_data_size\": 12}}]}";
                    return h.post(infer, V2RestContractTest.concat(header, new byte[8]), "Inference-Header-Content-Length", Integer.toString(header.length()));
                }, 400, "binary_data_size is 12 but only 8"),
                new Case("binary_data_size without the header", h -> h.postJson(infer,
                        "{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [1, 3], \"parameters\": {\"binary_data_size\": 12}}]}"),
                        400, "Inference-Header-Content-Length"),
                new Case("BYTES element claiming more than sent", h -> {
                    byte[] raw = {100, 0, 0, 0, 'a'};
                    String header = "{\"inputs\": [{\"name\": \"x\", \"datatype\": \"BYTES\", \"shape\": [1, 1], \"parameters\": {\"binary_data_size\": 5}}]}";
                    return h.post("/v2/models/identity_bytes/infer", V2RestContractTest.concat(header, raw), "Inference-Header-Content-Length", Integer.toString(header.length()));
                }, 400, "claims 100 bytes"),
                new Case("body over the size limit", h -> h.postDeclaringLength(infer, 2 * 1024 * 1024), 413, "limit"),
                new Case("no body", h -> h.post(infer, new byte[0]), 400, "no body"),
                new Case("unknown model metadata", h -> h.get("/v2/models/nope"), 404, "unknown model"),
                new Case("request line over the limit", h -> h.get("/v2/models/" + "a".repeat(5000)), 414,
                        "the request line (method, URL and protocol) is longer than the server's limit of 4096 bytes"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void badRequest_getsClearError_andServerKeepsServing(Case c) {
        Http.Response r = c.request().apply(fx.http);
        assertThat(r.status()).as(r.text()).isEqualTo(c.status());
        assertThat(r.json().get("error").asText()).contains(c.message());
    }

    @Test
    void bodyEndingBeforeContentLength_connectionDropped_serverKeepsServing() throws Exception {
        try (Socket s = new Socket("127.0.0.1", fx.server.httpPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /v2/models/tiny/infer HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 5000\r\n\r\n{\"inputs\": [").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).satisfiesAnyOf(a -> assertThat(a).isEmpty(), a -> assertThat(a).startsWith("HTTP/1.1 400")
                    .contains("the connection ended before the whole body arrived").doesNotContain("null"));
        }
    }

    @Test
    void fiftyMegabyteBody_refusedWith413() {
        Http.Response r = fx.http.postDeclaringLength("/v2/models/tiny/infer", 50L * 1024 * 1024);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().get("error").asText()).contains("over the server's limit of 1048576 bytes");
    }
}
