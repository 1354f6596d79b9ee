package dev.loupe.edge.infer;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.edge.model.ActiveModel;
import dev.loupe.edge.record.EdgeRecord;
import dev.loupe.edge.source.Capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Scores images on a prediction server over the Open Inference Protocol v2 REST API with the binary
 * tensor data extension: {@code POST {server}/v2/models/{model}/infer}, a JSON header of
 * {@code Inference-Header-Content-Length} bytes naming the model's image input as one BYTES element
 * (4-byte little-endian length, then the encoded PNG/JPEG) and asking for the score output as binary
 * data; the server decodes and preprocesses the image as {@code /inspect} does. The record id goes as
 * the request's {@code id}.
 *
 * <p>V2 answers tensors, not decisions, so the client reads what the tensor means (input and score
 * output names, the positive label's column, the labels) from the station's model descriptor
 * ({@link ActiveModel}: the local package or the one model sync installed) and the decision is the
 * station's policy. With no model loaded every image fails ("no descriptor"). A request slower than
 * the budget counts as a failure (the caller falls back). Thread-safe.
 */
public final class V2BinaryClient implements Inference {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonStringEncoder QUOTE = JsonStringEncoder.getInstance();

    private final HttpClient http;
    private final URI uri;
    private final Duration budget;
    private final String model;
    private final Optional<String> token;
    private final ActiveModel station;

    /**
     * @param server  the prediction server's base URL ({@code http://127.0.0.1:8080})
     * @param model   the model's name on the server
     * @param budget  the most one image may take before it counts as failed
     * @param token   a Bearer token to send, if the server wants one
     * @param station the station's model, whose descriptor says how to read the answer
     */
    public V2BinaryClient(HttpClient http, String server, String model, Duration budget, Optional<String> token,
                          ActiveModel station) {
        this.http = http;
        this.uri = URI.create(ServerCall.trimSlash(server) + "/v2/models/" + model + "/infer");
        this.budget = budget;
        this.model = model;
        this.token = token;
        this.station = station;
    }

    @Override
    public Answer infer(Capture capture) throws InferenceFailure {
        ActiveModel.Loaded loaded = station.current().orElseThrow(() -> new InferenceFailure(
                "no model descriptor to read the V2 answer with (give --model, or wait for model sync)"));
        ModelDescriptor d = loaded.pkg().descriptor();
        byte[] image = capture.encoded();
        byte[] header = header(capture.id(), d, image.length);
        ByteBuffer body = ByteBuffer.allocate(header.length + 4 + image.length).order(ByteOrder.LITTLE_ENDIAN)
                .put(header).putInt(image.length).put(image);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(budget)
                .header("Content-Type", "application/octet-stream")
                .header("Inference-Header-Content-Length", Integer.toString(header.length))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.array()));
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        HttpResponse<byte[]> res = ServerCall.send(http, b.build(), budget);
        try {
            return answer(res, d, loaded);
        } catch (IOException | RuntimeException e) {
            throw new InferenceFailure("server answer unreadable: " + e.getMessage(), e);
        }
    }

    private static byte[] header(String id, ModelDescriptor d, int imageBytes) {
        ByteArrayOutputStream h = new ByteArrayOutputStream(192);
        h.writeBytes("{\"id\":\"".getBytes(StandardCharsets.US_ASCII));
        h.writeBytes(QUOTE.quoteAsUTF8(id));
        h.writeBytes(("\",\"inputs\":[{\"name\":\"").getBytes(StandardCharsets.US_ASCII));
        h.writeBytes(QUOTE.quoteAsUTF8(d.input().name()));
        h.writeBytes(("\",\"datatype\":\"BYTES\",\"shape\":[1],\"parameters\":{\"binary_data_size\":" + (4 + imageBytes)
                + "}}],\"outputs\":[{\"name\":\"").getBytes(StandardCharsets.US_ASCII));
        h.writeBytes(QUOTE.quoteAsUTF8(d.scoreOutput()));
        h.writeBytes("\",\"parameters\":{\"binary_data\":true}}]}".getBytes(StandardCharsets.US_ASCII));
        return h.toByteArray();
    }

    private Answer answer(HttpResponse<byte[]> res, ModelDescriptor d, ActiveModel.Loaded loaded) throws IOException {
        byte[] body = res.body();
        int jsonLength = res.headers().firstValue("Inference-Header-Content-Length").map(Integer::parseInt).orElse(body.length);
        JsonNode root = JSON.readTree(body, 0, jsonLength);
        int offset = jsonLength;
        float[] scores = null;
        for (JsonNode out : root.path("outputs")) {
            long size = out.path("parameters").path("binary_data_size").asLong(-1);
            if (out.path("name").asText().equals(d.scoreOutput())) {
                scores = size >= 0 ? floats(body, offset, (int) size) : floats(out.path("data"));
            }
            offset += (int) Math.max(size, 0);
        }
        if (scores == null || scores.length == 0) {
            throw new IOException("no '" + d.scoreOutput() + "' output in " + root);
        }
        int column = scores.length == 1 ? 0 : d.labels().indexOf(d.positive());
        if (column < 0 || column >= scores.length) {
            throw new IOException("score output has " + scores.length + " columns, the descriptor's labels are " + d.labels());
        }
        double score = scores[column];
        return new Answer(score, d.labelFor(score), root.path("model_name").asText(model), root.path("model_version").asText(""),
                loaded.policy(), Optional.empty(), EdgeRecord.Via.REMOTE, "");
    }

    private static float[] floats(byte[] body, int offset, int size) throws IOException {
        if (offset + size > body.length || size % 4 != 0) {
            throw new IOException("binary score data of " + size + " bytes at " + offset + " overruns a " + body.length + "-byte answer");
        }
        float[] f = new float[size / 4];
        ByteBuffer.wrap(body, offset, size).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
        return f;
    }

    private static float[] floats(JsonNode data) {
        float[] f = new float[data.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) data.get(i).asDouble();
        }
        return f;
    }

    @Override
    public String describe() {
        return "remote V2 " + uri.getAuthority();
    }
}
