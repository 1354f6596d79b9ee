package dev.loupe.server.console;

import dev.loupe.core.store.Sha256;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The headers on every HTML page of the console. A Content-Security-Policy that lets a page run only the
 * console's own scripts and styles (no inline script, no {@code eval}: markup that slipped past
 * {@link Html}'s escaping would still run nothing), send forms and requests only here, and not be
 * framed by another page (clickjacking a promote button); {@code X-Frame-Options} says the same to
 * browsers without CSP level 2; no {@code Referer} with the console's URLs leaves for other sites.
 */
final class PageHeaders {
    private PageHeaders() {
    }

    /** The policy of the console's pages: scripts and styles from {@code /assets/} only. */
    static final String POLICY = policy("'self'");

    /** The policy for a page whose only style is the inline {@code <style>} element {@code css} (the sign-in page). */
    static String withInlineStyle(String css) {
        byte[] hash = Sha256.newDigest().digest(css.getBytes(StandardCharsets.UTF_8));
        return policy("'sha256-" + Base64.getEncoder().encodeToString(hash) + "'");
    }

    private static String policy(String styleSrc) {
        return "default-src 'self'; script-src 'self'; style-src " + styleSrc + "; img-src 'self'; object-src 'none';"
                + " base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    /** Sets the HTML content type, no caching and the security headers, with {@code policy} as the CSP. */
    static void html(ServerResponse res, String policy) {
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.header("Content-Security-Policy", policy);
        res.header("X-Frame-Options", "DENY");
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        res.header("Referrer-Policy", "same-origin");
    }
}
