package dev.loupe.store.jdbc;

import dev.loupe.core.rollout.RolloutPlan;
import dev.loupe.core.rollout.RolloutRepository;
import dev.loupe.core.store.AuditEntry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** {@link RolloutRepository} over {@code rollout_plan} (V12); changes audited in the same transaction. */
final class JdbcRolloutRepository implements RolloutRepository {
    private static final String SELECT = "SELECT model, mode, challenger, share, actor, updated_ms FROM rollout_plan";

    private final Jdbc jdbc;

    JdbcRolloutRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void save(RolloutPlan plan, String reason) {
        jdbc.inTransaction(c -> {
            Optional<RolloutPlan> old = Jdbc.query(c, SELECT + " WHERE model = ?", JdbcRolloutRepository::plan, plan.model())
                    .stream().findFirst();
            String before = old.map(RolloutPlan::describe).orElse(null);
            if (old.map(RolloutPlan::describe).orElse("none").equals(plan.describe())) {
                return null;
            }
            Jdbc.update(c, "DELETE FROM rollout_plan WHERE model = ?", plan.model());
            Jdbc.update(c, "INSERT INTO rollout_plan (model, mode, challenger, share, actor, updated_ms) VALUES (?, ?, ?, ?, ?, ?)",
                    plan.model(), plan.mode(), plan.challenger(), plan.share(), plan.actor(), plan.updatedAt());
            JdbcAuditLog.append(c, plan.updatedAt(), new AuditEntry.Change(plan.actor(), "model", plan.model(), "set-rollout",
                    before, plan.describe(), reason));
            return null;
        });
    }

    @Override
    public Optional<RolloutPlan> plan(String model) {
        return jdbc.queryOne(SELECT + " WHERE model = ?", JdbcRolloutRepository::plan, model);
    }

    @Override
    public List<RolloutPlan> plans() {
        return jdbc.query(SELECT + " ORDER BY model", JdbcRolloutRepository::plan);
    }

    private static RolloutPlan plan(ResultSet rs) throws SQLException {
        return new RolloutPlan(rs.getString("model"), RolloutPlan.Mode.valueOf(rs.getString("mode")), rs.getString("challenger"),
                rs.getDouble("share"), rs.getString("actor"), Jdbc.instant(rs, "updated_ms"));
    }
}
