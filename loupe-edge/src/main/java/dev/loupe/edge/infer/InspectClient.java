package dev.loupe.edge.infer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.decision.Decision;
import dev.loupe.core.decision.DecisionPolicy;
import dev.loupe.edge.record.EdgeRecord;
import dev.loupe.edge.source.Capture;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Scores images on a prediction server: {@code POST {server}/v1/models/{model}/inspect} with the
 * encoded image as the body and the record id as {@code X-Request-Id}. A request slower than the
 * budget counts as a failure (the caller falls back). Thread-safe.
 */
public final class InspectClient implements Inference {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI uri;
    private final Duration budget;
    private final String model;
    private final Optional<String> token;

    /**
     * @param server the prediction server's base URL ({@code http://127.0.0.1:8080})
     * @param budget the most one image may take before it counts as failed
     * @param token  a Bearer token to send, if the server wants one
     */
    public InspectClient(HttpClient http, String server, String model, Duration budget, Optional<String> token) {
        this.http = http;
        this.uri = URI.create(ServerCall.trimSlash(server) + "/v1/models/" + model + "/inspect");
        this.budget = budget;
        this.model = model;
        this.token = token;
    }

    @Override
    public Answer infer(Capture capture) throws InferenceFailure {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(budget)
                .header("Content-Type", "application/octet-stream")
                .header("X-Request-Id", capture.id())
                .POST(HttpRequest.BodyPublishers.ofByteArray(capture.encoded()));
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        HttpResponse<byte[]> res = ServerCall.send(http, b.build(), budget);
        try {
            JsonNode n = JSON.readTree(res.body());
            double threshold = n.path("threshold").asDouble(0.5);
            Optional<Decision> decision = Optional.ofNullable(n.path("decision").textValue())
                    .map(d -> Decision.valueOf(d.toUpperCase(Locale.ROOT)));
            return new Answer(n.path("score").asDouble(), n.path("label").asText(), n.path("model").asText(model),
                    n.path("version").asText(""), DecisionPolicy.threshold(threshold), decision, EdgeRecord.Via.REMOTE, "");
        } catch (IOException | IllegalArgumentException e) {
            throw new InferenceFailure("server answer unreadable: " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "remote " + uri.getAuthority();
    }
}
