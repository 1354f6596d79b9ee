package dev.loupe.cli.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.decision.Decision;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The inspection software's side of the line, as the quickstart plays it: posts each photo to the
 * server's {@code /inspect} endpoint and sends reviewers' labels to {@code /v1/feedback}. One
 * connection, kept alive; any non-2xx answer is an error naming the status and the server's message.
 */
final class InspectClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI inspect;
    private final URI feedback;
    private final String station;

    InspectClient(String serverUrl, String model, String station) {
        this.inspect = URI.create(serverUrl + "/v1/models/" + model + "/inspect");
        this.feedback = URI.create(serverUrl + "/v1/feedback");
        this.station = station;
    }

    Decision inspect(byte[] png, String requestId) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(inspect).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "image/png").header("X-Request-Id", requestId).header("X-Station", station)
                .POST(HttpRequest.BodyPublishers.ofByteArray(png)).build();
        JsonNode answer = send(req);
        return Decision.valueOf(answer.get("decision").asText().toUpperCase(Locale.ROOT));
    }

    void feedback(String requestId, String label, String source) throws IOException, InterruptedException {
        byte[] body = JSON.writeValueAsBytes(Map.of("request_id", requestId, "label", label, "source", source));
        send(HttpRequest.newBuilder(feedback).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private JsonNode send(HttpRequest req) throws IOException, InterruptedException {
        HttpResponse<byte[]> res = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        if (res.statusCode() / 100 != 2) {
            throw new IOException(req.method() + " " + req.uri() + " answered " + res.statusCode() + ": "
                    + new String(res.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return res.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(res.body());
    }
}
