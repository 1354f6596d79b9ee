package dev.loupe.serve.auth;

import dev.loupe.core.auth.Authenticator;
import dev.loupe.serve.rest.MethodRouting;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Helidon filter, before routing and before {@link HttpAuth}, that keeps a browser from being used
 * against the server by a page from somewhere else:
 * <ul>
 *   <li>a request that may change something (any method but {@code GET}, {@code HEAD}, {@code OPTIONS})
 *       whose {@code Origin} is not this server ({@link #sameOrigin}) is refused with 403. Browsers send
 *       {@code Origin} on every cross-origin {@code POST}, form or script; API clients, edge agents and curl
 *       send none and are not affected. Without this, a page on any site could post a "simple" request
 *       ({@code text/plain} body, no preflight) that the cookie or, with authentication off, the loopback
 *       address authorises: move the champion, start a roll-out, send feedback;</li>
 *   <li>with authentication off, a request whose {@code Host} is not a loopback name or address is refused
 *       with 403 (DNS rebinding: a site whose name is made to resolve to 127.0.0.1 is same-origin with
 *       itself, so the {@code Origin} check passes, and the loopback peer would be the console's admin);</li>
 *   <li>every answer carries {@code X-Content-Type-Options: nosniff}, so no text or JSON that echoes a
 *       request is ever rendered as HTML.</li>
 * </ul>
 * Refusals are {@code {"error": ...}}, as {@link HttpAuth}'s. Thread-safe.
 */
public final class BrowserGuard implements Filter {
    private static final Set<Method> SAFE = Set.of(Method.GET, Method.HEAD, Method.OPTIONS);
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]+]");

    private final Authenticator auth;

    /** @param auth the server's authenticator: when it requires nothing, only loopback {@code Host} names are served */
    public BrowserGuard(Authenticator auth) {
        this.auth = auth;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        if (!auth.required() && req.headers().first(HeaderNames.HOST).filter(h -> !loopbackHost(h)).isPresent()) {
            HttpAuth.refuse(MethodRouting.answering(req, res), Status.FORBIDDEN_403,
                    "this server has authentication off and answers only to loopback host names (localhost, 127.0.0.1, [::1])");
            return;
        }
        if (!SAFE.contains(req.prologue().method()) && !sameOrigin(req)) {
            HttpAuth.refuse(res, Status.FORBIDDEN_403, "cross-origin changes are refused");
            return;
        }
        chain.proceed();
    }

    /**
     * Whether a request comes from this server's own pages, or not from a browser page at all: no
     * {@code Origin}, or one whose host and port are the request's {@code Host}, or the host a proxy in front
     * says the browser asked for ({@code X-Forwarded-Host}, {@code Forwarded: host=}), for proxies that pass the
     * upstream's address as {@code Host} (nginx's default). A page elsewhere cannot forge those: a cross-origin
     * request with a header beyond the CORS-safelisted ones needs a preflight, which this server does not grant.
     * {@code Origin: null} (sandboxed frames, {@code data:} pages) is not same-origin.
     */
    public static boolean sameOrigin(ServerRequest req) {
        Optional<String> origin = req.headers().first(HeaderNames.ORIGIN);
        if (origin.isEmpty()) {
            return true;
        }
        String authority;
        try {
            authority = URI.create(origin.get()).getRawAuthority();
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (authority == null) {
            return false;
        }
        return req.headers().first(HeaderNames.HOST).filter(authority::equalsIgnoreCase).isPresent()
                || req.headers().first(HeaderNames.X_FORWARDED_HOST).map(h -> h.split(",")[0].strip())
                        .filter(authority::equalsIgnoreCase).isPresent()
                || req.headers().first(HeaderNames.FORWARDED).map(f -> forwardedHost(f, authority)).orElse(false);
    }

    /** Whether the first element of a {@code Forwarded} header (RFC 7239) names {@code authority} as its host. */
    private static boolean forwardedHost(String forwarded, String authority) {
        for (String pair : forwarded.split(",")[0].split(";")) {
            String p = pair.strip();
            if (p.regionMatches(true, 0, "host=", 0, 5)) {
                return p.substring(5).replace("\"", "").equalsIgnoreCase(authority);
            }
        }
        return false;
    }

    /**
     * Whether a {@code Host} header value names this machine for certain: {@code localhost} and its
     * subdomains (RFC 6761; browsers resolve them to loopback themselves) or a loopback address literal.
     * Other names are not looked up: what they resolve to is what DNS rebinding controls.
     */
    static boolean loopbackHost(String hostHeader) {
        String h = hostHeader.strip().toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        if (colon >= 0 && h.indexOf(']') < colon) { // a port (an IPv6 literal's colons are inside its brackets)
            h = h.substring(0, colon);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        java.util.regex.Matcher v4 = IPV4.matcher(h);
        if (v4.matches()) { // 127.0.0.0/8
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(v4.group(i)) > 255) {
                    return false;
                }
            }
            return v4.group(1).equals("127");
        }
        if (!IPV6.matcher(h).matches()) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress(); // an IPv6 literal: parsed, never resolved
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
