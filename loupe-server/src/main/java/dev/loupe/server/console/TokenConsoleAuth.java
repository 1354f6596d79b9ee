package dev.loupe.server.console;

import dev.loupe.core.auth.Access;
import dev.loupe.core.auth.ApiToken;
import dev.loupe.core.auth.ApiTokens;
import dev.loupe.core.auth.Authenticator;
import dev.loupe.core.auth.ConsoleSessions;
import dev.loupe.core.auth.TokenStore;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import java.util.Optional;

/**
 * The console behind API tokens. Scripts send a token in an {@code Authorization} header; browsers sign
 * in once at the login page with a token and then send the session cookie ({@value #TLS_COOKIE} over TLS,
 * {@value #COOKIE} over plain HTTP), which holds a session id ({@link ConsoleSessions}), never the token:
 * the caller is the owner of the token the session
 * was started with, while the session lasts and the token is not revoked. Only this class reads the
 * cookie, so a session id opens the console and the routes that check their caller through it (the
 * serving API, {@code /metrics}), never an API that takes tokens, nor anything as a {@code Bearer} value.
 * Roles map one to one onto the console's.
 */
public final class TokenConsoleAuth implements ConsoleAuth {
    /**
     * The session cookie over plain HTTP. HttpOnly, SameSite=Strict: scripts on a page cannot read it and
     * other sites' requests do not carry it.
     */
    public static final String COOKIE = "loupe_session";
    /**
     * The session cookie over TLS. A browser keeps a {@code __Host-} cookie only when it is Secure, has
     * {@code Path=/} and no {@code Domain} and came from an https page (RFC 6265bis, cookie name prefixes), so
     * a page on a sibling subdomain or on plain HTTP can neither set nor overwrite it. Over TLS only this
     * name is read: reading {@value #COOKIE} too would let such a page plant a session of its own choosing.
     */
    public static final String TLS_COOKIE = "__Host-" + COOKIE;

    private final Authenticator auth;
    private final TokenStore tokens;
    private final ConsoleSessions sessions;

    /**
     * @param auth     checks tokens sent in an {@code Authorization} header
     * @param tokens   where a token given at the login page is looked up
     * @param sessions the sessions the cookie names
     */
    public TokenConsoleAuth(Authenticator auth, TokenStore tokens, ConsoleSessions sessions) {
        this.auth = auth;
        this.tokens = tokens;
        this.sessions = sessions;
    }

    @Override
    public Optional<Principal> principal(ServerRequest request) {
        Optional<String> authorization = request.headers().first(HeaderNames.AUTHORIZATION);
        if (authorization.isPresent()) {
            // DEVICE is the lowest role: any valid token identifies its owner; the console then checks the role
            if (auth.check(authorization.get(), dev.loupe.core.auth.Role.DEVICE) instanceof Access.Granted g) {
                return Optional.of(principal(g.principal()));
            }
            return Optional.empty();
        }
        return sessionId(request).flatMap(sessions::resolve).map(TokenConsoleAuth::principal);
    }

    @Override
    public Optional<String> loginPath() {
        return Optional.of(LoginPage.PATH);
    }

    /** The active token whose secret this is, for signing in. */
    Optional<ApiToken> token(String secret) {
        return tokens.findByHash(ApiTokens.hash(secret)).filter(ApiToken::active);
    }

    /** Starts a session for an active token; the id goes into the cookie. */
    ConsoleSessions.Started signIn(ApiToken token) {
        return sessions.start(token);
    }

    /** Ends the session the request's cookie names, if any. */
    void signOut(ServerRequest request) {
        sessionId(request).ifPresent(sessions::end);
    }

    static Principal principal(dev.loupe.core.auth.Principal p) {
        return new Principal(p.name(), Role.valueOf(p.role().name()));
    }

    private static Optional<String> sessionId(ServerRequest request) {
        return request.headers().cookies().first(cookie(LoginPage.overTls(request))).asOptional();
    }

    /** The session cookie's name for a browser that came over TLS, or not ({@link LoginPage#overTls}). */
    static String cookie(boolean overTls) {
        return overTls ? TLS_COOKIE : COOKIE;
    }
}
