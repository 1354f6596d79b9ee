package dev.loupe.serve.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.core.decision.DecisionPolicy;
import dev.loupe.core.decision.DecisionSection;
import dev.loupe.core.image.BrokenImages;
import dev.loupe.core.inference.InferenceException;
import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.model.TestDescriptors;
import dev.loupe.core.model.TestGraphs;
import dev.loupe.core.project.ProjectFile;
import dev.loupe.serve.Http;
import dev.loupe.serve.ServeConfig;
import dev.loupe.serve.ServeFixture;
import dev.loupe.serve.TestImages;
import dev.loupe.serve.TestModels;
import dev.loupe.serve.infer.ServingObserver;
import dev.loupe.serve.model.ModelFiles;
import dev.loupe.serve.model.ModelRepository;
import dev.loupe.serve.model.ServedModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The plain image endpoint and encoded images over V2, on a model package whose score is
 * sigmoid(mean pixel): a white image scores 0.731, a black one 0.5. Policy from the package: threshold
 * 0.6, review band [0.4, 0.7); the {@code strict} model has the project's decision section applied. The
 * {@code pair} package scores with two columns, one probability per label ({@code ["ok", "defect"]}).
 */
class InspectTest {

    static ServeFixture fx;
    /** The station each inspection was made for, by request id. */
    static final Map<String, String> STATIONS = new ConcurrentHashMap<>();
    static final byte[] WHITE = TestImages.grayPng(4, 4, 255);
    static final byte[] BLACK = TestImages.grayPng(4, 4, 0);

    @BeforeAll
    static void start() throws InferenceException {
        ModelPackage pkg = ModelPackage.of(TestDescriptors.grayscale(4, 4, 0.6), TestGraphs.meanSigmoid(1));
        DecisionPolicy project = DecisionSection.apply(ProjectFile.parse(ProjectFile.template()
                + "\ndecision:\n  threshold: 0.55\n  review_band: null\n", "loupe.yaml"), DecisionPolicy.of(pkg.descriptor()));
        List<AutoCloseable> owned = new ArrayList<>();
        List<ServedModel> served = new ArrayList<>();
        ModelDescriptor g = pkg.descriptor();
        ModelPackage pair = ModelPackage.of(new ModelDescriptor("pair", List.of("ok", "defect"), "defect", g.input(), "probs",
                Optional.empty(), 0.5, Optional.empty(), g.lineage(), g.metrics(), g.createdAt()), TestGraphs.twoColumnSoftmax(1));
        for (var m : List.of(ModelFiles.load("covers", "1", pkg, DecisionPolicy.of(pkg.descriptor())),
                ModelFiles.load("strict", "1", pkg, project), ModelFiles.load("pair", "1", pair, DecisionPolicy.of(pair.descriptor())))) {
            served.add(m.served());
            owned.addAll(m.owned());
        }
        TestModels bare = new TestModels();
        served.addAll(bare.served);
        owned.add(bare);
        ServingObserver stations = new ServingObserver() {
            @Override
            public void inspected(Inspected event) {
                STATIONS.put(event.request().requestId(), event.request().station());
            }
        };
        fx = ServeFixture.start(ServeConfig.defaults(), ModelRepository.of(served), stations, owned);
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @AfterEach
    void goodRequestStillSucceeds() {
        assertThat(fx.http.post("/v1/models/covers/inspect", WHITE, "Content-Type", "image/png").status()).isEqualTo(200);
    }

    @Test
    void inspect_rawImage_givesLabelScoreDecisionAndProvenance() {
        Http.Response r = fx.http.post("/v1/models/covers/inspect", WHITE, "Content-Type", "image/png", "X-Request-Id", "cam3-0001");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode n = r.json();
        assertThat(n.get("label").asText()).isEqualTo("defect");
        assertThat(n.get("score").asDouble()).isCloseTo(1 / (1 + Math.exp(-1)), within(1e-6));
        assertThat(n.get("decision").asText()).isEqualTo("reject");
        assertThat(n.get("threshold").asDouble()).isEqualTo(0.6);
        assertThat(n.get("model").asText()).isEqualTo("covers");
        assertThat(n.get("version").asText()).isEqualTo("1");
        assertThat(n.get("request_id").asText()).isEqualTo("cam3-0001");
        assertThat(n.get("latency_ms").asDouble()).isPositive();
    }

    @Test
    void inspect_scoreInReviewBand_sendsToReview() {
        JsonNode n = fx.http.post("/v1/models/covers/versions/1/inspect", BLACK).json();
        assertThat(n.get("label").asText()).isEqualTo("ok");
        assertThat(n.get("decision").asText()).isEqualTo("review");
        assertThat(n.get("request_id").asText()).isNotBlank();
    }

    @Test
    void inspect_projectDecisionSection_overridesThePackagesPolicy() {
        JsonNode n = fx.http.post("/v1/models/strict/inspect", BLACK).json();
        assertThat(n.get("decision").asText()).isEqualTo("pass");
        assertThat(n.get("threshold").asDouble()).isEqualTo(0.55);
    }

    @Test
    void inspect_multipartForm_readsTheFile() {
        String boundary = "----loupe42";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"p.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[head.length + WHITE.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(WHITE, 0, body, head.length, WHITE.length);
        System.arraycopy(tail, 0, body, head.length + WHITE.length, tail.length);
        Http.Response r = fx.http.post("/v1/models/covers/inspect", body, "Content-Type", "multipart/form-data; boundary=" + boundary);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().get("decision").asText()).isEqualTo("reject");
    }

    @Test
    void inspect_formWithTheImageAfterAStationField_scoresTheImageForThatStation() {
        byte[] body = MultipartTest.form("b0", MultipartTest.field("station", "s1"), MultipartTest.file("image", "p.png", WHITE));
        Http.Response r = fx.http.post("/v1/models/covers/inspect", body, "Content-Type", MultipartTest.type("b0"),
                "X-Request-Id", "form-station");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().get("decision").asText()).isEqualTo("reject");
        assertThat(STATIONS).containsEntry("form-station", "s1");
    }

    @Test
    void inspect_formStationField_yieldsToTheStationHeader() {
        byte[] body = MultipartTest.form("b0", MultipartTest.field("station", "s1"), MultipartTest.file("image", "p.png", WHITE));
        Http.Response r = fx.http.post("/v1/models/covers/inspect", body, "Content-Type", MultipartTest.type("b0"),
                "X-Request-Id", "header-station", "X-Station", "cam-7");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(STATIONS).containsEntry("header-station", "cam-7");
    }

    @Test
    void inspect_formBoundaryLongerThanRfc2046Allows_is400WithoutEchoingIt() {
        byte[] dashes = new byte[1 << 20];
        java.util.Arrays.fill(dashes, (byte) '-');
        Http.Response r = fx.http.post("/v1/models/covers/inspect", dashes,
                "Content-Type", "multipart/form-data; boundary=" + "-".repeat(16_000) + "x");
        assertError(r, 400, "more than the 70 RFC 2046 allows");
        assertThat(r.text()).hasSizeLessThan(200);
    }

    @Test
    void inspect_jpegCutMidScanWithItsEndMarker_is400() {
        byte[] cut = BrokenImages.jpegCutMidScan(BrokenImages.noiseJpeg(128, 128), 700);
        assertError(fx.http.post("/v1/models/covers/inspect", cut, "Content-Type", "image/jpeg"), 400, "corrupt JPEG");
    }

    @Test
    void inspect_tiffWithAStripCutShortInside_is400SayingWhichStrip() {
        // two strips of 64 rows; the first keeps 3000 of its LZW bytes, which the JDK's reader would decode black
        byte[] cut = BrokenImages.tiffWithStripCut(BrokenImages.tiff(BrokenImages.noiseGray(128, 128), "LZW"), 0, 3000);
        assertError(fx.http.post("/v1/models/covers/inspect", cut, "Content-Type", "image/tiff"), 400,
                "corrupt TIFF: strip 1 of 2 (3000 bytes) decodes to ");
    }

    @Test
    void inspect_jpegClaimingMorePixelsThanTheLimit_is400SayingBoth() {
        byte[] bomb = BrokenImages.jpegClaimingSize(BrokenImages.noiseJpeg(32, 32), 16_000, 16_000);
        assertError(fx.http.post("/v1/models/covers/inspect", bomb, "Content-Type", "image/jpeg"), 400,
                "16000 x 16000 = 256000000 pixels, more than the limit of 67108864");
    }

    @Test
    void inspect_pngClaimingMorePixelsThanTheLimit_is400() {
        byte[] bomb = BrokenImages.pngClaimingSize(TestImages.grayPng(8, 8, 50), 16_384, 16_384);
        assertError(fx.http.post("/v1/models/covers/inspect", bomb), 400, "more than the limit of 67108864");
    }

    @Test
    void inspect_corruptImage_is400() {
        assertError(fx.http.post("/v1/models/covers/inspect", TestImages.corrupt(TestImages.grayPng(64, 64, 90))), 400, "cannot be decoded");
    }

    @Test
    void inspect_truncatedImage_is400() {
        assertError(fx.http.post("/v1/models/covers/inspect", java.util.Arrays.copyOf(WHITE, WHITE.length / 2)), 400, "truncated PNG");
    }

    @Test
    void inspect_imageClaimingAnotherSize_is400() {
        assertError(fx.http.post("/v1/models/covers/inspect", TestImages.pngClaimingWidth(TestImages.grayPng(8, 8, 50), 4000)), 400, "cannot be decoded");
    }

    @Test
    void inspect_notAnImage_is400() {
        assertError(fx.http.post("/v1/models/covers/inspect", "hello".getBytes(StandardCharsets.UTF_8)), 400, "not a PNG, JPEG, BMP or TIFF");
    }

    @Test
    void inspect_bareOnnxModel_is400SayingWhy() {
        assertError(fx.http.post("/v1/models/tiny/inspect", WHITE), 400, "bare ONNX file with no descriptor");
    }

    @Test
    void inspect_unknownModelOrVersion_is404() {
        assertError(fx.http.post("/v1/models/nope/inspect", WHITE), 404, "unknown model 'nope'");
        assertError(fx.http.post("/v1/models/covers/versions/7/inspect", WHITE), 404, "no version '7'");
    }

    @Test
    void v2Infer_encodedImagesAsBytes_decodedServerSide_scoreAsInspect() {
        java.io.ByteArrayOutputStream elements = new java.io.ByteArrayOutputStream();
        for (byte[] img : List.of(WHITE, BLACK)) {
            elements.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(img.length).array());
            elements.writeBytes(img);
        }
        byte[] raw = elements.toByteArray();
        String header = "{\"inputs\": [{\"name\": \"image\", \"datatype\": \"BYTES\", \"shape\": [2],"
                + " \"parameters\": {\"binary_data_size\": " + raw.length + "}}], \"outputs\": [{\"name\": \"score\"}]}";
        Http.Response r = fx.http.post("/v2/models/covers/infer", V2RestContractTest.concat(header, raw),
                "Inference-Header-Content-Length", Integer.toString(header.length()));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode score = r.json().get("outputs").get(0);
        assertThat(score.get("shape").toString()).isEqualTo("[2,1]");
        assertThat(score.get("data").get(0).asDouble()).isCloseTo(fx.http.post("/v1/models/covers/inspect", WHITE).json().get("score").asDouble(), within(1e-7));
        assertThat(score.get("data").get(1).asDouble()).isCloseTo(0.5, within(1e-7));
    }

    @Test
    void v2Infer_corruptEncodedImage_is400() {
        byte[] bad = TestImages.corrupt(TestImages.grayPng(64, 64, 90));
        java.io.ByteArrayOutputStream elements = new java.io.ByteArrayOutputStream();
        elements.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(bad.length).array());
        elements.writeBytes(bad);
        byte[] raw = elements.toByteArray();
        String header = "{\"inputs\": [{\"name\": \"image\", \"datatype\": \"BYTES\", \"shape\": [1],"
                + " \"parameters\": {\"binary_data_size\": " + raw.length + "}}]}";
        assertError(fx.http.post("/v2/models/covers/infer", V2RestContractTest.concat(header, raw),
                "Inference-Header-Content-Length", Integer.toString(header.length())), 400, "cannot be decoded");
    }

    @Test
    void v2Infer_classificationOfOneColumnScore_givesValueAndIndexWithoutALabel() {
        JsonNode out = classify("covers", WHITE, "score", 2);
        assertThat(out.get("shape").toString()).isEqualTo("[1,1]");
        assertThat(out.get("data").get(0).asText()).isEqualTo((float) (1 / (1 + Math.exp(-1))) + ":0");
        assertThat(fx.http.post("/v1/models/covers/inspect", WHITE).json().get("label").asText()).isEqualTo("defect");
    }

    @Test
    void v2Infer_classificationOfEmbedding_givesNoLabels() {
        JsonNode out = classify("covers", WHITE, "embedding", 1);
        assertThat(out.get("data").get(0).asText()).isEqualTo("1.0:0");
    }

    @Test
    void v2Infer_classificationOfOneColumnPerLabelScore_labelsEachIndex() {
        JsonNode out = classify("pair", WHITE, "probs", 2);
        assertThat(out.get("shape").toString()).isEqualTo("[1,2]");
        assertThat(out.get("data")).extracting(JsonNode::asText).satisfiesExactly(
                top -> assertThat(top).startsWith("0.8807").endsWith(":1:defect"),
                second -> assertThat(second).startsWith("0.1192").endsWith(":0:ok"));
    }

    /** A V2 binary request with one encoded image, asking for the top {@code k} of {@code output}. */
    private static JsonNode classify(String model, byte[] image, String output, int k) {
        byte[] raw = ByteBuffer.allocate(4 + image.length).order(ByteOrder.LITTLE_ENDIAN).putInt(image.length).put(image).array();
        String header = "{\"inputs\": [{\"name\": \"image\", \"datatype\": \"BYTES\", \"shape\": [1],"
                + " \"parameters\": {\"binary_data_size\": " + raw.length + "}}],"
                + " \"outputs\": [{\"name\": \"" + output + "\", \"parameters\": {\"classification\": " + k + "}}]}";
        Http.Response r = fx.http.post("/v2/models/" + model + "/infer", V2RestContractTest.concat(header, raw),
                "Inference-Header-Content-Length", Integer.toString(header.length()));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json().get("outputs").get(0);
    }

    private static void assertError(Http.Response r, int status, String message) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.json().get("error").asText()).contains(message);
    }
}
