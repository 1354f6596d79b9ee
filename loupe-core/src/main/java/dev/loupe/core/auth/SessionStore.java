package dev.loupe.core.auth;

import java.time.Instant;
import java.util.Optional;

/**
 * The web console's sign-in sessions, kept as SHA-256 hashes of their ids (as {@link TokenStore} keeps
 * tokens): a copy of the table signs nobody in. Each session belongs to the API token it was started
 * with; revoking the token ends its sessions ({@link TokenStore#revoke}). Adapters are thread-safe.
 */
public interface SessionStore {

    /**
     * Stores a new session.
     *
     * @param idSha256 the lower-case hex SHA-256 of the session id
     * @param tokenId  the {@link ApiToken#id()} of the token it was started with
     */
    void add(String idSha256, long tokenId, Instant created, Instant expires);

    /** The session whose id hashes to this value, with its token as it is now (revoked or not). */
    Optional<ConsoleSession> find(String idSha256);

    /** Ends a session; false when there was none. */
    boolean delete(String idSha256);

    /** Ends every session that expired at or before {@code now}; how many there were. */
    int deleteExpired(Instant now);
}
