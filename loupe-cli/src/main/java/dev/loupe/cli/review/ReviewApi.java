package dev.loupe.cli.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.UserException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The platform's review endpoints ({@code GET /v1/review}, {@code POST /v1/feedback}), for the CLI; the API token,
 * when the server wants one, comes from {@code LOUPE_TOKEN}.
 */
final class ReviewApi {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN_HELP = "A server with tokens on takes the token from LOUPE_TOKEN (viewer role or higher).";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final Optional<String> token = Optional.ofNullable(System.getenv("LOUPE_TOKEN"));

    ReviewApi(String server) {
        this.base = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    JsonNode post(String path, JsonNode body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private JsonNode send(HttpRequest.Builder b) {
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        try {
            HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode n = r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
            if (r.statusCode() != 200) {
                String hint = r.statusCode() == 401 && token.isEmpty()
                        ? " (set LOUPE_TOKEN to an API token, viewer role or higher)" : "";
                throw new UserException(ExitCodes.FAILED, "the server answered " + r.statusCode() + ": "
                        + n.path("error").asText(r.body()) + hint);
            }
            return n;
        } catch (IOException e) {
            throw new UserException(ExitCodes.CONFIG, "cannot reach the Loupe server at " + base + " (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException(ExitCodes.FAILED, "interrupted");
        }
    }
}
