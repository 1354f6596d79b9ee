package dev.loupe.core.auth;

import java.time.Clock;
import java.time.Duration;

/**
 * The one authentication and authorisation hook every listener calls (the prediction server's REST and
 * gRPC, the platform server's API and console): given the request's {@code Authorization} value and the
 * role an operation needs, who the caller is and whether they may. Implementations are thread-safe.
 */
public interface Authenticator {

    /** The name callers get when authentication is off. */
    String ANONYMOUS = "anonymous";

    /**
     * @param authorization the {@code Authorization} header (or gRPC metadata) value, null when absent
     * @param needed        the least role the operation needs
     */
    Access check(String authorization, Role needed);

    /** Whether requests need a token; false only for a server bound to a loopback address. */
    boolean required();

    /**
     * Whether {@link #check} would answer from memory, without reading a token store: when authentication
     * is off, the value is missing or malformed, or its token was looked up lately. A caller on a thread
     * that must not block (a transport's event loop) checks elsewhere when this is false.
     */
    default boolean answersAtOnce(String authorization) {
        return true;
    }

    /**
     * Authentication off: every caller is an {@link Role#ADMIN} named {@value #ANONYMOUS}. Only for
     * listeners on a loopback address; {@link Exposure#check} refuses anything else.
     */
    static Authenticator none() {
        return new Authenticator() {
            private final Access granted = new Access.Granted(new Principal(ANONYMOUS, Role.ADMIN));

            @Override
            public Access check(String authorization, Role needed) {
                return granted;
            }

            @Override
            public boolean required() {
                return false;
            }

            @Override
            public String toString() {
                return "no authentication";
            }
        };
    }

    /** Bearer or Basic tokens from the store, looked up at most every {@code cacheFor} per token. */
    static Authenticator tokens(TokenStore store, Clock clock, Duration cacheFor) {
        return new TokenAuthenticator(store, clock, cacheFor);
    }

    /** {@link #tokens(TokenStore, Clock, Duration)} with a 5 s cache: a revocation takes effect within 5 s. */
    static Authenticator tokens(TokenStore store) {
        return tokens(store, Clock.systemUTC(), TokenAuthenticator.DEFAULT_CACHE);
    }
}
