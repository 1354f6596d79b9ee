package dev.loupe.core.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link Authenticator} over a {@link TokenStore}. A prediction server answers hundreds of requests a
 * second per token, so a looked-up token is remembered for {@code cacheFor} (a revocation made by
 * another process takes effect within that time); unknown tokens are not remembered, so guessing fills
 * no memory. Thread-safe.
 */
final class TokenAuthenticator implements Authenticator {
    static final Duration DEFAULT_CACHE = Duration.ofSeconds(5);
    private static final int MAX_CACHED = 10_000;

    private record Cached(ApiToken token, Instant until) {
    }

    private final TokenStore store;
    private final Clock clock;
    private final Duration cacheFor;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    TokenAuthenticator(TokenStore store, Clock clock, Duration cacheFor) {
        if (cacheFor.isNegative()) {
            throw new IllegalArgumentException("cache time must be >= 0, got " + cacheFor);
        }
        this.store = store;
        this.clock = clock;
        this.cacheFor = cacheFor;
    }

    @Override
    public Access check(String authorization, Role needed) {
        Optional<String> secret = Credentials.token(authorization);
        if (secret.isEmpty()) {
            return new Access.Unauthenticated(authorization == null
                    ? "authentication required: send 'Authorization: Bearer <token>' (create one with 'loupe tokens create')"
                    : "unsupported Authorization header: use 'Bearer <token>' or Basic with the token as password");
        }
        Optional<ApiToken> token = lookup(ApiTokens.hash(secret.get()));
        if (token.isEmpty()) {
            return new Access.Unauthenticated("unknown token");
        }
        if (!token.get().active()) {
            return new Access.Unauthenticated("token '" + token.get().name() + "' was revoked");
        }
        Principal who = token.get().principal();
        return who.may(needed) ? new Access.Granted(who) : new Access.Forbidden(who, needed);
    }

    @Override
    public boolean required() {
        return true;
    }

    @Override
    public boolean answersAtOnce(String authorization) {
        Optional<String> secret = Credentials.token(authorization);
        if (secret.isEmpty()) {
            return true;
        }
        Cached c = cache.get(ApiTokens.hash(secret.get()));
        return c != null && clock.instant().isBefore(c.until());
    }

    private Optional<ApiToken> lookup(String hash) {
        Instant now = clock.instant();
        Cached c = cache.get(hash);
        if (c != null && now.isBefore(c.until())) {
            return Optional.of(c.token());
        }
        Optional<ApiToken> found = store.findByHash(hash);
        if (found.isPresent() && !cacheFor.isZero()) {
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cache.put(hash, new Cached(found.get(), now.plus(cacheFor)));
        } else {
            cache.remove(hash);
        }
        return found;
    }

    @Override
    public String toString() {
        return "API tokens";
    }
}
