package dev.loupe.server.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.loupe.core.decision.Decision;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.core.monitoring.PredictionQuery;
import dev.loupe.monitor.log.RecorderConfig;
import dev.loupe.serve.ServeConfig;
import dev.loupe.serve.grpc.oip.GRPCInferenceServiceGrpc;
import dev.loupe.serve.grpc.oip.InferParameter;
import dev.loupe.serve.grpc.oip.ModelInferRequest;
import dev.loupe.serve.grpc.oip.ModelInferResponse;
import dev.loupe.server.LoupeServer;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static dev.loupe.server.serving.ServingFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every served prediction reaches the prediction log exactly once, whatever the transport: V2 REST with
 * JSON data, V2 REST with the binary extension (a PNG as BYTES), gRPC with raw contents, and
 * {@code /inspect}; over real sockets, read back through {@code MetadataStore.predictions()}.
 */
class PredictionLoggingTest {
    private static final double SIGMOID_100 = 1 / (1 + Math.exp(-100 / 255.0));

    @TempDir
    Path dir;

    private ServedHome home;
    private LoupeServer server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        home = new ServedHome(dir);
        home.register("covers", 0.9);
        home.alias("covers", "champion", 1);
        ServingConfig config = ServingFixture.fastPolling().withServe(ServeConfig.defaults().withPorts(0, 0))
                .withLogging(true, new RecorderConfig(1024, 16, Duration.ofMillis(10), 0));
        server = home.start(config);
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.serving().orElseThrow().grpcPort()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow();
        home.close();
    }

    @Test
    void v2RestJson_isLoggedOnce_withScoreDecisionStationAndNoImageStatistics() throws Exception {
        float[] pixels = new float[64];
        java.util.Arrays.fill(pixels, 100 / 255f);
        StringBuilder data = new StringBuilder();
        for (float p : pixels) {
            data.append(data.isEmpty() ? "" : ",").append(p);
        }
        String body = "{\"inputs\":[{\"name\":\"image\",\"datatype\":\"FP32\",\"shape\":[1,1,8,8],\"data\":[" + data + "]}]}";
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(server.url() + "/v2/models/covers/infer"))
                .header("Content-Type", "application/json").header("X-Request-Id", "json-1").header("X-Station", "cam-a")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

        LoggedPrediction p = loggedOnce("json-1");
        assertThat(p.model()).isEqualTo("covers");
        assertThat(p.version()).isEqualTo("1");
        assertThat(p.station()).isEqualTo("cam-a");
        assertThat(p.score()).isCloseTo(SIGMOID_100, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(p.decision()).isEqualTo(Decision.PASS);
        assertThat(p.stats()).isEmpty();
        assertThat(p.latencyNanos()).isPositive();
    }

    @Test
    void v2RestBinary_pngAsBytes_isLoggedOnce_withImageStatistics_underItsIdAndStationParameter() throws Exception {
        byte[] png = ServingFixture.gray(100);
        byte[] header = ("{\"id\":\"bin-1\",\"parameters\":{\"station\":\"cam-b\"},\"inputs\":[{\"name\":\"image\",\"datatype\":\"BYTES\","
                + "\"shape\":[1],\"parameters\":{\"binary_data_size\":" + (png.length + 4) + "}}],\"outputs\":[{\"name\":\"score\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] body = ByteBuffer.allocate(header.length + 4 + png.length).order(ByteOrder.LITTLE_ENDIAN)
                .put(header).putInt(png.length).put(png).array();
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(server.url() + "/v2/models/covers/infer"))
                .header("Inference-Header-Content-Length", Integer.toString(header.length))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Request-Id")).hasValue("bin-1");

        LoggedPrediction p = loggedOnce("bin-1");
        assertThat(p.station()).isEqualTo("cam-b");
        assertThat(p.score()).isCloseTo(SIGMOID_100, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(p.stats()).contains(dev.loupe.core.image.ImageStats.of(dev.loupe.core.image.Images.decode(png)));
        assertThat(p.embedding()).as("the embedding drift monitor's input, though the client asked only for the score").isPresent();
    }

    @Test
    void v2RestBinary_batchOfTwoImages_logsOnePredictionPerImage() throws Exception {
        byte[] dark = ServingFixture.gray(10);
        byte[] bright = ServingFixture.gray(250);
        int size = 8 + dark.length + bright.length;
        byte[] header = ("{\"id\":\"batch-1\",\"inputs\":[{\"name\":\"image\",\"datatype\":\"BYTES\",\"shape\":[2],"
                + "\"parameters\":{\"binary_data_size\":" + size + "}}]}").getBytes(StandardCharsets.UTF_8);
        byte[] body = ByteBuffer.allocate(header.length + size).order(ByteOrder.LITTLE_ENDIAN).put(header)
                .putInt(dark.length).put(dark).putInt(bright.length).put(bright).array();
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(server.url() + "/v2/models/covers/infer"))
                .header("Inference-Header-Content-Length", Integer.toString(header.length))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

        assertThat(loggedOnce("batch-1:0").stats()).contains(dev.loupe.core.image.ImageStats.of(dev.loupe.core.image.Images.decode(dark)));
        assertThat(loggedOnce("batch-1:1").stats()).contains(dev.loupe.core.image.ImageStats.of(dev.loupe.core.image.Images.decode(bright)));
    }

    @Test
    void grpcRawBytes_isLoggedOnce_underItsIdWithTheStationMetadata() throws Exception {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("x-station", Metadata.ASCII_STRING_MARSHALLER), "cam-c");
        ModelInferResponse response = GRPCInferenceServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .modelInfer(pngRequest("grpc-1").build());
        assertThat(response.getId()).isEqualTo("grpc-1");

        LoggedPrediction p = loggedOnce("grpc-1");
        assertThat(p.station()).isEqualTo("cam-c");
        assertThat(p.score()).isCloseTo(SIGMOID_100, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(p.stats()).isPresent();
    }

    @Test
    void grpcWithoutId_isLoggedUnderTheIdSentBackInResponseMetadata_withTheStationParameter() throws Exception {
        AtomicReference<Metadata> answered = new AtomicReference<>();
        GRPCInferenceServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(answered, new AtomicReference<>()))
                .modelInfer(pngRequest("").putParameters("station", InferParameter.newBuilder().setStringParam("cam-d").build()).build());
        String id = answered.get().get(Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER));
        assertThat(id).isNotBlank();

        assertThat(loggedOnce(id).station()).isEqualTo("cam-d");
    }

    @Test
    void everyTransport_togetherWithInspect_logsEachRequestExactlyOnce() throws Exception {
        assertThat(ServingFixture.inspect(server, "covers", ServingFixture.gray(100), "cam-e", "inspect-1").statusCode()).isEqualTo(200);
        GRPCInferenceServiceGrpc.newBlockingStub(channel).modelInfer(pngRequest("grpc-2").build());
        await(Duration.ofSeconds(20), "both logged", () -> logged().size() == 2);
        assertThat(logged()).extracting(LoggedPrediction::requestId).containsExactlyInAnyOrder("inspect-1", "grpc-2");
    }

    private static ModelInferRequest.Builder pngRequest(String id) {
        byte[] png = ServingFixture.gray(100);
        return ModelInferRequest.newBuilder().setModelName("covers").setId(id)
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("image").setDatatype("BYTES").addShape(1))
                .addRawInputContents(ByteString.copyFrom(ByteBuffer.allocate(4 + png.length).order(ByteOrder.LITTLE_ENDIAN)
                        .putInt(png.length).put(png).array()));
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return ServingFixture.HTTP.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<LoggedPrediction> logged() {
        return home.store.predictions().query(PredictionQuery.since("covers", Instant.EPOCH, 1000));
    }

    /** Waits until the recorder has written the request's prediction, then checks nothing else carries its id. */
    private LoggedPrediction loggedOnce(String requestId) throws InterruptedException {
        await(Duration.ofSeconds(20), requestId + " logged", () -> home.store.predictions().byRequestId(requestId).isPresent());
        home.stopServer(); // the recorder writes what it holds on close: a second copy would be in the log now
        List<LoggedPrediction> all = logged().stream().filter(p -> p.requestId().equals(requestId)).toList();
        assertThat(all).hasSize(1);
        return all.getFirst();
    }
}
