package dev.loupe.server.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.model.ModelResolver;
import dev.loupe.core.model.TestDescriptors;
import dev.loupe.core.model.TestGraphs;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.server.LoupeServer;
import dev.loupe.server.console.ConsoleConfig;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Models registered for serving tests and small HTTP helpers; tests wait on conditions, never sleep blindly. */
final class ServingFixture {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServingFixture() {
    }

    /**
     * Registers the next version of {@code name}: a grayscale 8x8 classifier scoring Sigmoid(mean pixel),
     * with the given threshold (so versions decide differently).
     */
    static int register(MetadataStore store, BlobStore blobs, String name, double threshold) {
        ModelDescriptor d = TestDescriptors.grayscale(8, 8, threshold);
        d = new ModelDescriptor(name, d.labels(), d.positive(), d.input(), d.scoreOutput(), d.embeddingOutput(), threshold,
                java.util.Optional.empty(), d.lineage(), d.metrics(), d.createdAt());
        ModelPackage pkg = ModelPackage.of(d, TestGraphs.meanSigmoid(1));
        return store.registry().register("test", name, ModelResolver.source(pkg.store(blobs)), null, null, Map.of()).version();
    }

    static LoupeServer start(MetadataStore store, BlobStore blobs, ServingConfig config) {
        return LoupeServer.start(new LoupeServer.Config("127.0.0.1", 0), store, blobs, ConsoleConfig.defaults(),
                Serving.start(config, store, blobs, ConsoleConfig.defaults().auth(), ConsoleConfig.DEFAULT_LABELS));
    }

    static ServingConfig fastPolling() {
        return ServingConfig.defaults().withPollInterval(Duration.ofMillis(100))
                .withServe(dev.loupe.serve.ServeConfig.defaults().withPorts(0, -1));
    }

    static byte[] gray(int level) {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                img.getRaster().setSample(x, y, 0, level);
            }
        }
        return png(img);
    }

    static byte[] png(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static HttpResponse<String> inspect(LoupeServer server, String model, byte[] image, String station, String requestId)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + "/v1/models/" + model + "/inspect"))
                .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofByteArray(image))
                .header("Content-Type", "image/png");
        if (station != null) {
            b.header("X-Station", station);
        }
        if (requestId != null) {
            b.header("X-Request-Id", requestId);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(LoupeServer server, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(LoupeServer server, String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    /** The version that answers an inspection now. */
    static String servedVersion(LoupeServer server, String model) throws IOException, InterruptedException {
        HttpResponse<String> r = inspect(server, model, gray(100), null, null);
        return r.statusCode() == 200 ? json(r).get("version").asText() : "status " + r.statusCode();
    }

    /** Waits until the condition holds; fails after the deadline. Returns how long it took. */
    static Duration await(Duration deadline, String what, BooleanSupplier condition) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + deadline + ": " + what);
            }
            Thread.onSpinWait();
            Thread.sleep(5); // polling the condition, not waiting for time to pass
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @FunctionalInterface
    interface Check {
        boolean test() throws Exception;
    }

    static BooleanSupplier quietly(Check c) {
        return () -> {
            try {
                return c.test();
            } catch (Exception e) {
                return false;
            }
        };
    }
}
