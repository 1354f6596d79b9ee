package dev.loupe.store.jdbc;

import dev.loupe.core.rollout.RolloutPlan;
import dev.loupe.core.rollout.RolloutRepository;
import dev.loupe.core.store.AuditEntry;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@link RolloutRepository} over {@code rollout_plan} (V12; its write number {@code version}, V30); changes
 * audited in the same transaction.
 *
 * <p>A model's row, once inserted, is only ever updated, and every update adds one to {@code version} in the
 * statement itself ({@code version = version + 1}), so on PostgreSQL, where a transaction reads what others
 * committed before each statement, two writers never store one number twice; {@link #replace} makes its
 * {@code WHERE version = ?} part of that update, so a write committed between its read and its update makes
 * it change no row.
 */
final class JdbcRolloutRepository implements RolloutRepository {
    private static final String SELECT = "SELECT model, mode, challenger, share, actor, updated_ms, version FROM rollout_plan";
    private static final String SET = "UPDATE rollout_plan SET mode = ?, challenger = ?, share = ?, actor = ?, updated_ms = ?,"
            + " version = version + 1 WHERE model = ?";

    private final Jdbc jdbc;

    JdbcRolloutRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public long save(RolloutPlan plan, String reason) {
        return jdbc.inTransaction(c -> {
            Optional<Stored> old = stored(c, plan.model());
            if (old.map(s -> s.plan().describe()).orElse("none").equals(plan.describe())) {
                return old.map(Stored::version).orElse(0L);
            }
            if (old.isPresent()) {
                Jdbc.update(c, SET, plan.mode(), plan.challenger(), plan.share(), plan.actor(), plan.updatedAt(), plan.model());
            } else {
                Jdbc.update(c, "INSERT INTO rollout_plan (model, mode, challenger, share, actor, updated_ms, version)"
                        + " VALUES (?, ?, ?, ?, ?, ?, 1)", plan.model(), plan.mode(), plan.challenger(), plan.share(),
                        plan.actor(), plan.updatedAt());
            }
            audit(c, old.map(s -> s.plan().describe()).orElse(null), plan, reason);
            return stored(c, plan.model()).orElseThrow().version();
        });
    }

    @Override
    public OptionalLong replace(RolloutPlan plan, long version, String reason) {
        return jdbc.inTransaction(c -> {
            Optional<Stored> old = stored(c, plan.model()).filter(s -> s.version() == version);
            if (old.isEmpty()) {
                return OptionalLong.empty();
            }
            if (old.get().plan().describe().equals(plan.describe())) {
                return OptionalLong.of(version);
            }
            if (Jdbc.update(c, SET + " AND version = ?", plan.mode(), plan.challenger(), plan.share(), plan.actor(),
                    plan.updatedAt(), plan.model(), version) == 0) {
                return OptionalLong.empty();
            }
            audit(c, old.get().plan().describe(), plan, reason);
            return OptionalLong.of(version + 1);
        });
    }

    /**
     * Ends a model's plan in the caller's transaction (the registry's, {@link JdbcModelRegistry}), whoever wrote
     * it: a numbered write like any other, so a pipeline's compare-and-set on the version it read fails.
     */
    static void end(Connection c, Stored old, String actor, Instant at, String reason) throws SQLException {
        RolloutPlan none = RolloutPlan.none(old.plan().model(), actor, at);
        Jdbc.update(c, SET, none.mode(), none.challenger(), none.share(), none.actor(), none.updatedAt(), none.model());
        audit(c, old.plan().describe(), none, reason);
    }

    private static void audit(Connection c, String before, RolloutPlan plan, String reason) throws SQLException {
        JdbcAuditLog.append(c, plan.updatedAt(), new AuditEntry.Change(plan.actor(), "model", plan.model(), "set-rollout",
                before, plan.describe(), reason));
    }

    @Override
    public Optional<RolloutPlan> plan(String model) {
        return stored(model).map(Stored::plan);
    }

    @Override
    public Optional<Stored> stored(String model) {
        return jdbc.queryOne(SELECT + " WHERE model = ?", JdbcRolloutRepository::stored, model);
    }

    static Optional<Stored> stored(Connection c, String model) throws SQLException {
        return Jdbc.query(c, SELECT + " WHERE model = ?", JdbcRolloutRepository::stored, model).stream().findFirst();
    }

    @Override
    public List<RolloutPlan> plans() {
        return jdbc.query(SELECT + " ORDER BY model", rs -> stored(rs).plan());
    }

    private static Stored stored(ResultSet rs) throws SQLException {
        return new Stored(new RolloutPlan(rs.getString("model"), RolloutPlan.Mode.valueOf(rs.getString("mode")),
                rs.getString("challenger"), rs.getDouble("share"), rs.getString("actor"), Jdbc.instant(rs, "updated_ms")),
                rs.getLong("version"));
    }
}
