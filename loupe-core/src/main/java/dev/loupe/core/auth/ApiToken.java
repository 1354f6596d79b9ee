package dev.loupe.core.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A token as the store keeps it: everything but the secret, of which only a hash is stored.
 *
 * @param id        the store's number for the token
 * @param name      unique among active tokens; the actor name requests made with it are recorded under
 * @param role      what requests with it may do
 * @param created   when it was issued
 * @param createdBy who issued it
 * @param revoked   when it was revoked; a revoked token authenticates nobody
 */
public record ApiToken(long id, String name, Role role, Instant created, String createdBy, Optional<Instant> revoked) {
    public ApiToken {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(revoked, "revoked");
    }

    public boolean active() {
        return revoked.isEmpty();
    }

    public Principal principal() {
        return new Principal(name, role);
    }
}
