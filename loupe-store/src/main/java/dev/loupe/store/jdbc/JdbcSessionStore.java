package dev.loupe.store.jdbc;

import dev.loupe.core.auth.ApiToken;
import dev.loupe.core.auth.ConsoleSession;
import dev.loupe.core.auth.Role;
import dev.loupe.core.auth.SessionStore;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * {@link SessionStore} over the {@code console_session} table, each row read with its {@code api_token}
 * row so a revocation shows at once. Sign-ins are not audited: they change nothing.
 */
final class JdbcSessionStore implements SessionStore {
    private final Jdbc jdbc;

    JdbcSessionStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void add(String idSha256, long tokenId, Instant created, Instant expires) {
        jdbc.update("INSERT INTO console_session (id_hash, token_id, created_ms, expires_ms) VALUES (?, ?, ?, ?)",
                idSha256, tokenId, created, expires);
    }

    @Override
    public Optional<ConsoleSession> find(String idSha256) {
        return jdbc.queryOne("SELECT t.id, t.name, t.role, t.created_ms, t.created_by, t.revoked_ms,"
                + " s.created_ms AS session_created_ms, s.expires_ms"
                + " FROM console_session s JOIN api_token t ON t.id = s.token_id WHERE s.id_hash = ?",
                JdbcSessionStore::map, idSha256);
    }

    @Override
    public boolean delete(String idSha256) {
        return jdbc.update("DELETE FROM console_session WHERE id_hash = ?", idSha256) > 0;
    }

    @Override
    public int deleteExpired(Instant now) {
        return jdbc.update("DELETE FROM console_session WHERE expires_ms <= ?", now);
    }

    /** Ends the sessions of a token, inside the transaction that revokes it. */
    static void deleteForToken(java.sql.Connection c, long tokenId) throws SQLException {
        Jdbc.update(c, "DELETE FROM console_session WHERE token_id = ?", tokenId);
    }

    private static ConsoleSession map(ResultSet rs) throws SQLException {
        ApiToken token = new ApiToken(rs.getLong("id"), rs.getString("name"), Role.valueOf(rs.getString("role")),
                Jdbc.instant(rs, "created_ms"), rs.getString("created_by"), Optional.ofNullable(Jdbc.instant(rs, "revoked_ms")));
        return new ConsoleSession(token, Jdbc.instant(rs, "session_created_ms"), Jdbc.instant(rs, "expires_ms"));
    }
}
