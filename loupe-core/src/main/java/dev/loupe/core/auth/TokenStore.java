package dev.loupe.core.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * API tokens, kept as SHA-256 hashes of their secrets (docs/adr/0010-api-tokens-hashed-with-sha256.md):
 * the store never sees a secret, and a copy of the database authenticates nobody. Adapters are thread-safe.
 */
public interface TokenStore {

    /**
     * Stores a new active token.
     *
     * @param secretSha256 the lower-case hex SHA-256 of the secret
     * @throws dev.loupe.core.store.AlreadyExistsException when an active token already has the name
     */
    ApiToken add(String name, Role role, String secretSha256, Instant created, String createdBy);

    /** The token (active or revoked) whose secret hashes to this value. */
    Optional<ApiToken> findByHash(String secretSha256);

    /** Every token, active and revoked, oldest first. */
    List<ApiToken> list();

    /**
     * Revokes the active token of this name, recording who did, and ends its console sessions
     * ({@link SessionStore}); empty when there is none.
     */
    Optional<ApiToken> revoke(String name, Instant at, String revokedBy);
}
