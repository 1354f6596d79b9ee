package dev.loupe.edge.infer;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One scoring request to the prediction server, as both protocols send it: within the budget, with a
 * 200 answer, or an {@link InferenceFailure} saying which of those failed (the fallback's note).
 */
final class ServerCall {
    private ServerCall() {
    }

    /**
     * Sends the request and returns the 200 answer.
     *
     * @throws InferenceFailure slower than the budget, unreachable, interrupted, or another status
     */
    static HttpResponse<byte[]> send(HttpClient http, HttpRequest request, Duration budget) throws InferenceFailure {
        HttpResponse<byte[]> res;
        try {
            res = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new InferenceFailure("server slower than the " + budget.toMillis() + " ms budget");
        } catch (IOException e) {
            throw new InferenceFailure("server unreachable (" + describe(e) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceFailure("interrupted");
        }
        if (res.statusCode() != 200) {
            throw new InferenceFailure("server answered " + res.statusCode() + ": "
                    + new String(res.body(), StandardCharsets.UTF_8).lines().findFirst().orElse(""));
        }
        return res;
    }

    static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static String describe(IOException e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
