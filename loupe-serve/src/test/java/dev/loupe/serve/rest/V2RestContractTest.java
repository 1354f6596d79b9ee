package dev.loupe.serve.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.core.inference.DataType;
import dev.loupe.serve.PredictionServer;
import dev.loupe.serve.ServeConfig;
import dev.loupe.serve.Http;
import dev.loupe.serve.ServeFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The OIP v2 REST contract over a real socket, including the spec's optional forms and both extensions. */
class V2RestContractTest {

    static ServeFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = ServeFixture.start(ServeConfig.defaults());
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static final String TINY_INPUT = """
            {"name": "x", "datatype": "FP32", "shape": [2, 3], "data": [-1, 0, 2, 3, -4, 5]}""";

    @Test
    void health_liveAndReady_areTrue() {
        assertThat(fx.http.get("/v2/health/live").json().get("live").asBoolean()).isTrue();
        assertThat(fx.http.get("/v2/health/ready").json().get("ready").asBoolean()).isTrue();
    }

    @Test
    void serverMetadata_listsBothExtensions() {
        JsonNode n = fx.http.get("/v2").json();
        assertThat(n.get("name").asText()).isEqualTo("loupe");
        assertThat(n.get("extensions")).extracting(JsonNode::asText).contains("binary_tensor_data", "classification");
    }

    @Test
    void modelMetadata_describesInputsOutputsAndVersions() {
        JsonNode n = fx.http.get("/v2/models/tiny").json();
        assertThat(n.get("name").asText()).isEqualTo("tiny");
        assertThat(n.get("versions")).extracting(JsonNode::asText).containsExactly("1", "2");
        assertThat(n.get("platform").asText()).isEqualTo("onnx_onnxv1");
        assertThat(n.get("inputs").get(0).toString()).isEqualTo("{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[-1,3]}");
        assertThat(n.get("outputs")).extracting(o -> o.get("name").asText()).containsExactly("y", "z");
    }

    @Test
    void modelMetadata_withVersion_answersForThatVersion() {
        assertThat(fx.http.get("/v2/models/tiny/versions/1").status()).isEqualTo(200);
    }

    @Test
    void modelReady_knownModel_isReady() {
        JsonNode n = fx.http.get("/v2/models/tiny/versions/2/ready").json();
        assertThat(n.get("ready").asBoolean()).isTrue();
        assertThat(fx.http.get("/v2/models/tiny/ready").status()).isEqualTo(200);
    }

    @Test
    void infer_flatData_outputsOmitted_returnsAllOutputs() {
        Http.Response r = fx.http.postJson("/v2/models/tiny/infer", "{\"inputs\": [" + TINY_INPUT + "]}");
        assertThat(r.status()).isEqualTo(200);
        JsonNode n = r.json();
        assertThat(n.get("model_name").asText()).isEqualTo("tiny");
        assertThat(n.get("model_version").asText()).isEqualTo("2");
        assertThat(n.has("id")).isFalse();
        assertThat(n.get("outputs")).extracting(o -> o.get("name").asText()).containsExactly("y", "z");
        JsonNode y = n.get("outputs").get(0);
        assertThat(y.get("datatype").asText()).isEqualTo("FP32");
        assertThat(y.get("shape").toString()).isEqualTo("[2,3]");
        assertThat(y.get("data").toString()).isEqualTo("[0.0,0.0,2.0,3.0,0.0,5.0]");
    }

    @Test
    void infer_nestedData_sameAsFlat() {
        String nested = """
                {"inputs": [{"name": "x", "datatype": "FP32", "shape": [2, 3], "data": [[-1, 0, 2], [3, -4, 5]]}]}""";
        JsonNode n = fx.http.postJson("/v2/models/tiny/versions/1/infer", nested).json();
        assertThat(n.get("model_version").asText()).isEqualTo("1");
        assertThat(n.get("outputs").get(1).get("data").toString()).isEqualTo("[1.0,-0.0,-2.0,-3.0,4.0,-5.0]");
    }

    @Test
    void infer_dataBeforeDatatypeAndShape_sameAnswer() {
        String body = "{\"inputs\": [{\"data\": [-1, 0, 2, 3, -4, 5], \"name\": \"x\", \"shape\": [2, 3], \"datatype\": \"FP32\"}],"
                + " \"outputs\": [{\"name\": \"y\"}]}";
        JsonNode n = fx.http.postJson("/v2/models/tiny/infer", body).json();
        assertThat(n.get("outputs").get(0).get("data").toString()).isEqualTo("[0.0,0.0,2.0,3.0,0.0,5.0]");
    }

    @Test
    void infer_outputsSelected_returnsOnlyThoseAndEchoesId() {
        String body = "{\"id\": \"req-42\", \"parameters\": {\"custom\": 1}, \"inputs\": [" + TINY_INPUT + "],"
                + " \"outputs\": [{\"name\": \"z\"}]}";
        JsonNode n = fx.http.postJson("/v2/models/tiny/infer", body).json();
        assertThat(n.get("id").asText()).isEqualTo("req-42");
        assertThat(n.get("outputs")).extracting(o -> o.get("name").asText()).containsExactly("z");
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"BOOL", "UINT8", "INT8", "INT16", "INT32", "INT64", "FP16", "FP32", "FP64", "BYTES"})
    void infer_everyDatatype_roundTripsThroughJson(DataType type) {
        String data = switch (type) {
            case BOOL -> "[true, false, true]";
            case UINT8 -> "[0, 128, 255]";
            case INT8 -> "[-128, 0, 127]";
            case INT16 -> "[-32768, 1, 32767]";
            case INT32 -> "[-2147483648, 2, 2147483647]";
            case INT64 -> "[-9223372036854775808, 3, 9223372036854775807]";
            case FP16 -> "[0.5, -2.0, 1024.0]";
            case FP32 -> "[0.25, -1.5, 3.0E38]";
            case FP64 -> "[1.0E-300, -2.5, 1.0E300]";
            case BYTES -> "[\"a\", \"\", \"défaut\"]";
            default -> throw new IllegalArgumentException(type.name());
        };
        String body = "{\"inputs\": [{\"name\": \"x\", \"datatype\": \"" + type + "\", \"shape\": [1, 3], \"data\": " + data + "}]}";
        Http.Response r = fx.http.postJson("/v2/models/identity_" + type.name().toLowerCase() + "/infer", body);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode y = r.json().get("outputs").get(0);
        assertThat(y.get("datatype").asText()).isEqualTo(type.name());
        assertThat(y.get("shape").toString()).isEqualTo("[1,3]");
        assertThat(y.get("data").toString().replace(" ", "")).isEqualTo(data.replace(" ", ""));
    }

    @Test
    void infer_binaryInputAndOutput_roundTripsRawBytes() {
        byte[] raw = floats(-1, 0, 2, 3, -4, 5);
        String header = "{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [2, 3],"
                + " \"parameters\": {\"binary_data_size\": " + raw.length + "}}],"
                + " \"outputs\": [{\"name\": \"y\", \"parameters\": {\"binary_data\": true}}, {\"name\": \"z\"}]}";
        Http.Response r = fx.http.post("/v2/models/tiny/infer", concat(header, raw),
                "Content-Type", "application/octet-stream",
                "Inference-Header-Content-Length", Integer.toString(header.getBytes(StandardCharsets.UTF_8).length));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        int jsonLength = Integer.parseInt(r.header("Inference-Header-Content-Length"));
        JsonNode n = json(r.body(), jsonLength);
        JsonNode y = n.get("outputs").get(0);
        assertThat(y.get("parameters").get("binary_data_size").asInt()).isEqualTo(24);
        assertThat(y.has("data")).isFalse();
        assertThat(n.get("outputs").get(1).get("data").toString()).isEqualTo("[1.0,-0.0,-2.0,-3.0,4.0,-5.0]");
        ByteBuffer out = ByteBuffer.wrap(r.body(), jsonLength, 24).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[6];
        out.asFloatBuffer().get(values);
        assertThat(values).containsExactly(0, 0, 2, 3, 0, 5);
    }

    @Test
    void infer_binaryDataOutputParameter_makesEveryOutputBinary() {
        String body = "{\"parameters\": {\"binary_data_output\": true}, \"inputs\": [" + TINY_INPUT + "]}";
        Http.Response r = fx.http.postJson("/v2/models/tiny/infer", body);
        int jsonLength = Integer.parseInt(r.header("Inference-Header-Content-Length"));
        assertThat(r.body().length).isEqualTo(jsonLength + 48);
        assertThat(json(r.body(), jsonLength).get("outputs")).allMatch(o -> o.get("parameters").get("binary_data_size").asInt() == 24);
    }

    @Test
    void infer_binaryBytesInput_lengthPrefixedElements() {
        byte[] raw = bytesElements("ab", "", "xyz");
        String header = "{\"inputs\": [{\"name\": \"x\", \"datatype\": \"BYTES\", \"shape\": [1, 3],"
                + " \"parameters\": {\"binary_data_size\": " + raw.length + "}}]}";
        Http.Response r = fx.http.post("/v2/models/identity_bytes/infer", concat(header, raw),
                "Inference-Header-Content-Length", Integer.toString(header.length()));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().get("outputs").get(0).get("data").toString()).isEqualTo("[\"ab\",\"\",\"xyz\"]");
    }

    @Test
    void infer_rawBinaryRequest_withoutJsonHeader_usesTheSingleInput() {
        byte[] raw = floats(-1, 0, 2);
        Http.Response r = fx.http.post("/v2/models/tiny/infer", raw, "Inference-Header-Content-Length", "0");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        int jsonLength = Integer.parseInt(r.header("Inference-Header-Content-Length"));
        assertThat(json(r.body(), jsonLength).get("outputs").get(0).get("shape").toString()).isEqualTo("[1,3]");
    }

    @Test
    void infer_classification_returnsTopKAsValueIndexStrings() {
        String body = "{\"inputs\": [" + TINY_INPUT + "], \"outputs\": [{\"name\": \"y\", \"parameters\": {\"classification\": 2}}]}";
        JsonNode y = fx.http.postJson("/v2/models/tiny/infer", body).json().get("outputs").get(0);
        assertThat(y.get("datatype").asText()).isEqualTo("BYTES");
        assertThat(y.get("shape").toString()).isEqualTo("[2,2]");
        assertThat(y.get("data").toString()).isEqualTo("[\"2.0:2\",\"0.0:0\",\"5.0:2\",\"3.0:0\"]");
    }

    static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    static byte[] bytesElements(String... elements) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (String e : elements) {
            byte[] b = e.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    static byte[] concat(String json, byte[] raw) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[h.length + raw.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(raw, 0, all, h.length, raw.length);
        return all;
    }

    static JsonNode json(byte[] body, int length) {
        try {
            return Http.JSON.readTree(body, 0, length);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
