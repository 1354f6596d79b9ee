package dev.loupe.core.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A console session as the store keeps it: everything but the id, of which only a hash is stored.
 *
 * @param token   the API token it was started with, as the store has it now
 * @param created when the browser signed in
 * @param expires from then on the session signs nobody in
 */
public record ConsoleSession(ApiToken token, Instant created, Instant expires) {
    public ConsoleSession {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(expires, "expires");
    }

    /** Whether it still signs its token's owner in at {@code now}: not expired, its token not revoked. */
    public boolean valid(Instant now) {
        return now.isBefore(expires) && token.active();
    }
}
