package dev.loupe.server.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Builds console URLs from names that may hold any character. */
public final class Paths {
    private Paths() {
    }

    /** One path segment or query value, percent-encoded. */
    public static String seg(Object s) {
        return URLEncoder.encode(String.valueOf(s), StandardCharsets.UTF_8).replace("+", "%20");
    }
}
