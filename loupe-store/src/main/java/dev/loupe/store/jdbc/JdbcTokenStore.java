package dev.loupe.store.jdbc;

import dev.loupe.core.auth.ApiToken;
import dev.loupe.core.auth.Role;
import dev.loupe.core.auth.TokenStore;
import dev.loupe.core.store.AlreadyExistsException;
import dev.loupe.core.store.AuditEntry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@link TokenStore} over the {@code api_token} table. Creating and revoking a token are written to the
 * audit log in the same transaction (entity {@code token}, never the secret or its hash); revoking also
 * ends the token's console sessions.
 */
final class JdbcTokenStore implements TokenStore {
    private static final String COLUMNS = "id, name, role, created_ms, created_by, revoked_ms";
    private static final String ENTITY = "token";

    private final Jdbc jdbc;

    JdbcTokenStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public ApiToken add(String name, Role role, String secretSha256, Instant created, String createdBy) {
        return jdbc.inTransaction(c -> {
            // check-then-insert; the partial unique index backs it against a concurrent writer
            if (!Jdbc.query(c, "SELECT id FROM api_token WHERE name = ? AND revoked_ms IS NULL", rs -> rs.getLong(1), name)
                    .isEmpty()) {
                throw new AlreadyExistsException("an active token named '" + name + "' exists (revoke it first)");
            }
            long id = Jdbc.insertReturningKey(c, "INSERT INTO api_token (name, role, secret_hash, created_ms, created_by)"
                    + " VALUES (?, ?, ?, ?, ?)", name, role, secretSha256, created, createdBy);
            JdbcAuditLog.append(c, created, new AuditEntry.Change(createdBy, ENTITY, name, "create", null, role.label(), null));
            return new ApiToken(id, name, role, Instant.ofEpochMilli(created.toEpochMilli()), createdBy, Optional.empty());
        });
    }

    @Override
    public Optional<ApiToken> findByHash(String secretSha256) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM api_token WHERE secret_hash = ?", JdbcTokenStore::map, secretSha256);
    }

    @Override
    public List<ApiToken> list() {
        return jdbc.query("SELECT " + COLUMNS + " FROM api_token ORDER BY id", JdbcTokenStore::map);
    }

    @Override
    public Optional<ApiToken> revoke(String name, Instant at, String revokedBy) {
        return jdbc.inTransaction(c -> {
            List<ApiToken> active = Jdbc.query(c, "SELECT " + COLUMNS + " FROM api_token WHERE name = ? AND revoked_ms IS NULL",
                    JdbcTokenStore::map, name);
            if (active.isEmpty()) {
                return Optional.<ApiToken>empty();
            }
            ApiToken t = active.getFirst();
            Jdbc.update(c, "UPDATE api_token SET revoked_ms = ? WHERE id = ?", at, t.id());
            JdbcSessionStore.deleteForToken(c, t.id());
            JdbcAuditLog.append(c, at, new AuditEntry.Change(revokedBy, ENTITY, name, "revoke", t.role().label(), null, null));
            return Optional.of(new ApiToken(t.id(), t.name(), t.role(), t.created(), t.createdBy(),
                    Optional.of(Instant.ofEpochMilli(at.toEpochMilli()))));
        });
    }

    private static ApiToken map(ResultSet rs) throws SQLException {
        return new ApiToken(rs.getLong("id"), rs.getString("name"), Role.valueOf(rs.getString("role")),
                Jdbc.instant(rs, "created_ms"), rs.getString("created_by"),
                Optional.ofNullable(Jdbc.instant(rs, "revoked_ms")));
    }
}
