package dev.loupe.core.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The token in an {@code Authorization} header value (HTTP) or {@code authorization} metadata (gRPC).
 * Two schemes: {@code Bearer <token>} (RFC 6750; what {@code MLFLOW_TRACKING_TOKEN} sends) and
 * {@code Basic base64(user:token)} (RFC 7617; what {@code MLFLOW_TRACKING_USERNAME}/{@code PASSWORD}
 * and {@code curl -u} send): the password is the token, or the user name when the password is empty.
 */
public final class Credentials {
    private Credentials() {
    }

    /** The token, or empty for a missing, unknown-scheme or malformed header. */
    public static Optional<String> token(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String h = authorization.strip();
        int space = h.indexOf(' ');
        if (space < 0) {
            return Optional.empty();
        }
        String scheme = h.substring(0, space).toLowerCase(Locale.ROOT);
        String value = h.substring(space + 1).strip();
        return switch (scheme) {
            case "bearer" -> value.isEmpty() ? Optional.empty() : Optional.of(value);
            case "basic" -> basic(value);
            default -> Optional.empty();
        };
    }

    private static Optional<String> basic(String value) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        String user = colon < 0 ? decoded : decoded.substring(0, colon);
        String password = colon < 0 ? "" : decoded.substring(colon + 1);
        String token = password.isEmpty() ? user : password;
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
