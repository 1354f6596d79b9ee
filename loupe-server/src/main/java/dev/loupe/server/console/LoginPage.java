package dev.loupe.server.console;

import dev.loupe.core.auth.ApiToken;
import dev.loupe.core.auth.ConsoleSessions;
import io.helidon.http.HeaderNames;
import io.helidon.http.SetCookie;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.Duration;
import java.util.Optional;

/**
 * The console's sign-in with an API token: {@code GET /login} shows a form, {@code POST /login} checks
 * the token (it must be an active viewer's or more), starts a session and sets its id, not the token, in an
 * HttpOnly, SameSite=Strict cookie for the session's 12 hours (when the browser came over TLS, see
 * {@link #overTls}, also Secure and named {@value TokenConsoleAuth#TLS_COOKIE}); {@code POST /logout} deletes the
 * session and clears the cookie. Both posts must be same-origin.
 */
final class LoginPage {
    static final String PATH = "/login";
    /** The page's only style, inline (the stylesheet under /assets/ needs a signed-in caller); its hash is in the CSP. */
    private static final String STYLE = "body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto}.error{color:#b00}";
    private static final String POLICY = PageHeaders.withInlineStyle(STYLE);

    private final TokenConsoleAuth auth;

    LoginPage(TokenConsoleAuth auth) {
        this.auth = auth;
    }

    void register(HttpRouting.Builder r) {
        r.get(PATH, (req, res) -> page(res, Status.OK_200, null));
        r.post(PATH, this::login);
        r.post("/logout", (req, res) -> {
            if (!Console.sameOrigin(req)) {
                page(res, Status.FORBIDDEN_403, "cross-origin requests are refused");
                return;
            }
            auth.signOut(req);
            res.headers().addCookie(cookie("", Duration.ZERO, overTls(req)));
            redirect(res, PATH);
        });
    }

    private void login(ServerRequest req, ServerResponse res) {
        if (!Console.sameOrigin(req)) {
            page(res, Status.FORBIDDEN_403, "cross-origin sign-in is refused");
            return;
        }
        Form form = Form.parse(req.content().hasEntity() ? req.content().as(String.class) : "");
        String token = form.first("token").map(String::strip).orElse("");
        Optional<ApiToken> found = token.isEmpty() ? Optional.empty() : auth.token(token);
        if (found.isEmpty()) {
            page(res, Status.UNAUTHORIZED_401, "unknown or revoked token");
        } else if (!TokenConsoleAuth.principal(found.get().principal()).may(Role.VIEWER)) {
            page(res, Status.FORBIDDEN_403, "token '" + found.get().name() + "' is a device token; the console needs viewer or more");
        } else {
            auth.signOut(req); // a session this browser had before is not left behind
            ConsoleSessions.Started session = auth.signIn(found.get());
            res.headers().addCookie(cookie(session.id(), ConsoleSessions.LIFETIME, overTls(req)));
            redirect(res, "/");
        }
    }

    /**
     * Secure and {@code __Host-} named when the browser reached the server over TLS: its own, or a proxy's that
     * says so; {@code Path=/} and no {@code Domain}, as the prefix requires. A zero {@code maxAge} deletes the
     * cookie: Helidon writes no {@code Max-Age=0}, so an {@code Expires} in the past does.
     */
    private static SetCookie cookie(String value, Duration maxAge, boolean secure) {
        SetCookie.Builder b = SetCookie.builder(TokenConsoleAuth.cookie(secure), value).path("/").httpOnly(true)
                .sameSite(SetCookie.SameSite.STRICT).secure(secure);
        return (maxAge.isZero() ? b.expires(java.time.ZonedDateTime.ofInstant(java.time.Instant.EPOCH, java.time.ZoneOffset.UTC))
                : b.maxAge(maxAge)).build();
    }

    /**
     * Whether the browser's connection is TLS: this server's, or a TLS proxy's in front of it
     * ({@code X-Forwarded-Proto: https}, {@code Forwarded: proto=https}). Believing a forged header only
     * makes the sender's own cookie stricter.
     */
    static boolean overTls(ServerRequest req) {
        return req.isSecure()
                || req.headers().first(HeaderNames.X_FORWARDED_PROTO).map(p -> p.strip().equalsIgnoreCase("https")).orElse(false)
                || req.headers().first(HeaderNames.FORWARDED).map(f -> java.util.Arrays.stream(f.split("[;,]"))
                        .map(pair -> pair.strip().toLowerCase(java.util.Locale.ROOT).replace("\"", ""))
                        .anyMatch("proto=https"::equals)).orElse(false);
    }

    private static void redirect(ServerResponse res, String to) {
        res.status(Status.SEE_OTHER_303);
        res.header(HeaderNames.LOCATION, to);
        res.send();
    }

    private static void page(ServerResponse res, Status status, String error) {
        Html h = new Html();
        h.raw("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign in · Loupe</title>")
                .raw("<style>" + STYLE + "</style>")
                .raw("</head><body><main class=\"login\">")
                .raw("<h1>Loupe</h1>");
        if (error != null) {
            h.raw("<p class=\"error\">").text(error).raw("</p>");
        }
        h.raw("<form method=\"post\" action=\"/login\"><label>API token <input type=\"password\" name=\"token\"")
                .raw(" autocomplete=\"off\" autofocus required></label> <button type=\"submit\">Sign in</button></form>")
                .raw("<p>Create one with <code>loupe tokens create --name NAME --role viewer</code>.</p></main></body></html>");
        res.status(status);
        PageHeaders.html(res, POLICY);
        res.send(h.toString());
    }
}
