package dev.loupe.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.loupe.core.inference.OnnxModel;
import dev.loupe.core.inference.Tensor;
import dev.loupe.serve.grpc.oip.GRPCInferenceServiceGrpc;
import dev.loupe.serve.grpc.oip.ModelInferRequest;
import dev.loupe.serve.grpc.oip.ModelInferResponse;
import dev.loupe.serve.model.ModelRepository;
import dev.loupe.serve.model.ModelFiles;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A third-party ONNX classifier served as a bare file answers over REST (JSON and binary) and gRPC
 * exactly what ONNX Runtime gives when called directly.
 */
class BringYourOwnModelTest {

    static OnnxModel direct;
    static ServeFixture fx;
    static float[] image;
    static float[] expected;

    @BeforeAll
    static void start() throws Exception {
        byte[] onnx = Files.readAllBytes(ThirdPartyModels.ocrDirectionClassifier());
        direct = OnnxModel.load(onnx, 1);
        ModelFiles.Loaded served = ModelFiles.load(ModelFiles.Spec.parse("cls=" + ThirdPartyModels.ocrDirectionClassifier()), p -> p);
        fx = ServeFixture.start(ServeConfig.defaults(), ModelRepository.of(List.of(served.served())), served.owned());
        image = new float[3 * 48 * 192];
        Random r = new Random(7);
        for (int i = 0; i < image.length; i++) {
            image[i] = (r.nextInt(256) / 255f - 0.5f) / 0.5f;
        }
        Map<String, Tensor> out = direct.run(Map.of("x", Tensor.ofFloats(image, 1, 3, 48, 192)), Set.of());
        expected = ((Tensor.Numeric) out.get("softmax_0.tmp_0")).floats();
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
        if (direct != null) {
            direct.close();
        }
    }

    @Test
    void metadata_showsTheModelsOwnTensors() {
        JsonNode n = fx.http.get("/v2/models/cls").json();
        assertThat(n.get("inputs").get(0).toString()).isEqualTo("{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[-1,3,-1,-1]}");
        assertThat(n.get("outputs").get(0).toString()).isEqualTo("{\"name\":\"softmax_0.tmp_0\",\"datatype\":\"FP32\",\"shape\":[-1,2]}");
    }

    @Test
    void restJson_answersAsOnnxRuntimeDirectly() throws Exception {
        StringBuilder data = new StringBuilder();
        for (float f : image) {
            data.append(data.isEmpty() ? "" : ",").append(f);
        }
        String body = "{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [1, 3, 48, 192], \"data\": [" + data + "]}]}";
        JsonNode out = fx.http.postJson("/v2/models/cls/infer", body).json().get("outputs").get(0);
        assertThat(out.get("shape").toString()).isEqualTo("[1,2]");
        assertThat(new float[]{out.get("data").get(0).floatValue(), out.get("data").get(1).floatValue()}).containsExactly(expected);
    }

    @Test
    void restBinary_answersAsOnnxRuntimeDirectly() {
        String header = "{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [1, 3, 48, 192],"
                + " \"parameters\": {\"binary_data_size\": " + image.length * 4 + "}}], \"parameters\": {\"binary_data_output\": true}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(h.length + image.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        body.put(h);
        for (float f : image) {
            body.putFloat(f);
        }
        Http.Response r = fx.http.post("/v2/models/cls/infer", body.array(), "Inference-Header-Content-Length", Integer.toString(h.length));
        int jsonLength = Integer.parseInt(r.header("Inference-Header-Content-Length"));
        ByteBuffer out = ByteBuffer.wrap(r.body(), jsonLength, 8).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new float[]{out.getFloat(), out.getFloat()}).containsExactly(expected);
    }

    @Test
    void grpcRaw_answersAsOnnxRuntimeDirectly() {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", fx.server.grpcPort()).usePlaintext().build();
        try {
            ByteBuffer raw = ByteBuffer.allocate(image.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float f : image) {
                raw.putFloat(f);
            }
            ModelInferResponse r = GRPCInferenceServiceGrpc.newBlockingStub(channel).modelInfer(ModelInferRequest.newBuilder()
                    .setModelName("cls")
                    .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("x").setDatatype("FP32")
                            .addShape(1).addShape(3).addShape(48).addShape(192))
                    .addRawInputContents(ByteString.copyFrom(raw.array())).build());
            ByteBuffer out = r.getRawOutputContents(0).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            assertThat(new float[]{out.getFloat(), out.getFloat()}).containsExactly(expected);
        } finally {
            channel.shutdownNow();
        }
    }
}
