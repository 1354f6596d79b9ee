package dev.loupe.serve.rest;

import dev.loupe.core.inference.InferenceException;
import dev.loupe.core.inference.OnnxModel;
import dev.loupe.core.inference.TinyOnnx;
import dev.loupe.serve.Http;
import dev.loupe.serve.ServeConfig;
import dev.loupe.serve.ServeFixture;
import dev.loupe.serve.model.ModelFiles;
import dev.loupe.serve.model.ModelRepository;
import dev.loupe.serve.model.ServedModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model that fails unexpectedly answers 500 with what failed and an error id, over a real socket: the
 * exception (its class, its message) stays in the server log.
 */
class InternalErrorTest {
    private static final String REQUEST = """
            {"inputs": [{"name": "x", "datatype": "FP32", "shape": [1, 3], "data": [1, 2, 3]}]}""";
    private static final String SECRET = "/srv/loupe/internal/path";

    static OnnxModel onnx;
    static ServeFixture fx;

    @BeforeAll
    static void start() throws Exception {
        onnx = OnnxModel.load(TinyOnnx.reluAndNeg(), 1);
        ServedModel plain = ModelFiles.served("broken", "1", onnx);
        ServedModel broken = new ServedModel("broken", "1", plain.inputs(), plain.outputs(), (feeds, requested) -> {
            throw new IllegalStateException("the runtime lost " + SECRET);
        }, List.of(), Optional.empty());
        ServedModel failing = new ServedModel("failing", "1", plain.inputs(), plain.outputs(), (feeds, requested) -> {
            throw new InferenceException("a batch needs floats from " + SECRET, false);
        }, List.of(), Optional.empty());
        fx = ServeFixture.start(ServeConfig.defaults(), ModelRepository.of(List.of(broken, failing)), List.of());
    }

    @AfterAll
    static void stop() {
        fx.close();
        onnx.close();
    }

    @Test
    void infer_unexpectedFailure_saysWhatFailedAndTheRequestIdNotTheException() {
        Http.Response r = fx.http.post("/v2/models/broken/infer", REQUEST.getBytes(), "Content-Type", "application/json",
                "X-Request-Id", "req-500");

        assertThat(r.status()).isEqualTo(500);
        assertThat(r.json().get("error").asText()).isEqualTo("inference failed (error id req-500; the server log has the details)");
    }

    @Test
    void infer_modelFailure_hidesItsMessage_andGivesANewErrorId() {
        Http.Response r = fx.http.postJson("/v2/models/failing/infer", REQUEST);

        assertThat(r.status()).isEqualTo(500);
        String error = r.json().get("error").asText();
        assertThat(error).startsWith("inference failed (error id ").doesNotContain(SECRET).doesNotContain("Exception");
        assertThat(error).contains(r.header("X-Request-Id"));
    }
}
