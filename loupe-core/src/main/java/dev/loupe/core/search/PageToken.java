package dev.loupe.core.search;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Page tokens: base64 of {@code {"offset": N}}, the shape MLflow's own server issues, so a client that
 * decodes them for debugging sees what it expects.
 */
public final class PageToken {
    private static final Pattern OFFSET = Pattern.compile("\\{\\s*\"offset\"\\s*:\\s*(\\d{1,9})\\s*}");

    private PageToken() {
    }

    public static String of(int offset) {
        return Base64.getEncoder().encodeToString(("{\"offset\": " + offset + "}").getBytes(StandardCharsets.UTF_8));
    }

    /** The offset in a token; 0 for null or empty. */
    public static int offset(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            String json = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
            Matcher m = OFFSET.matcher(json.strip());
            if (m.matches()) {
                return Integer.parseInt(m.group(1));
            }
        } catch (IllegalArgumentException ignored) {
            // fall through to the one error message
        }
        throw new IllegalArgumentException("invalid page token: " + token);
    }
}
