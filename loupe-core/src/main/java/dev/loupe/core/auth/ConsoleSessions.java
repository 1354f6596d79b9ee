package dev.loupe.core.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Starting, resolving and ending the web console's sign-in sessions. A browser signs in once with an API
 * token and from then on sends a session id: 256 random bits (base64url), of which the store keeps only
 * the SHA-256, valid for {@link #LIFETIME} or until signed out or its token is revoked. The id is no API
 * token: only the console's cookie is looked up here, so a copied cookie opens no API and dies with the
 * session (docs/security.md). Thread-safe.
 */
public final class ConsoleSessions {
    /** How long a sign-in lasts: a working day and then some. */
    public static final Duration LIFETIME = Duration.ofHours(12);

    /** A session just started: its id exists only here (and in the browser's cookie). */
    public record Started(String id, Principal principal, Instant expires) {
        @Override
        public String toString() {
            return "Started[" + principal + ", expires=" + expires + ", id=<hidden>]";
        }
    }

    private final SessionStore store;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ConsoleSessions(SessionStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Starts a session for an active token, first deleting expired sessions (so the table holds only
     * the sessions of the last {@link #LIFETIME} and those not yet signed out).
     *
     * @throws IllegalArgumentException for a revoked token
     */
    public Started start(ApiToken token) {
        if (!token.active()) {
            throw new IllegalArgumentException("token '" + token.name() + "' was revoked");
        }
        Instant now = clock.instant();
        store.deleteExpired(now);
        String id = ApiTokens.randomSecret(random);
        Instant expires = now.plus(LIFETIME);
        store.add(ApiTokens.hash(id), token.id(), now, expires);
        return new Started(id, token.principal(), expires);
    }

    /** Who the session with this id signs in: empty when unknown, expired, or its token was revoked. */
    public Optional<Principal> resolve(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        return store.find(ApiTokens.hash(id)).filter(s -> s.valid(clock.instant())).map(s -> s.token().principal());
    }

    /** Ends the session with this id (signing out); nothing happens for an unknown one. */
    public void end(String id) {
        if (id != null && !id.isBlank()) {
            store.delete(ApiTokens.hash(id));
        }
    }
}
