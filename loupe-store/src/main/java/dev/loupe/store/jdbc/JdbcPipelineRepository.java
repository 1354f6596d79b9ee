package dev.loupe.store.jdbc;

import dev.loupe.core.pipeline.ActiveRunException;
import dev.loupe.core.pipeline.PipelineRepository;
import dev.loupe.core.pipeline.PipelineRun;
import dev.loupe.core.pipeline.PipelineState;
import dev.loupe.core.pipeline.PipelineStep;
import dev.loupe.core.store.StoreException;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@link PipelineRepository} over {@code pipeline_run} and {@code pipeline_step}. One active run per
 * model is the unique constraint on {@code active_model}; state changes are single conditional
 * {@code UPDATE}s on the expected state and owner, so they are atomic on both databases.
 */
final class JdbcPipelineRepository implements PipelineRepository {

    private static final String RUN_COLUMNS = "id, model, trigger_kind, reason, requested_by, state, outcome, created_ms,"
            + " updated_ms, owner, lease_until_ms, abort_requested";
    private static final String STEP_COLUMNS = "run_id, step, attempt, status, started_ms, ended_ms, output, message";

    private final Jdbc jdbc;

    JdbcPipelineRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public PipelineRun create(String id, String model, String trigger, String reason, String requestedBy, String owner,
                              Instant now, Instant leaseUntil) {
        PipelineState start = PipelineState.STEPS.getFirst();
        try {
            jdbc.inTransaction(c -> {
                List<String> active = Jdbc.query(c, "SELECT id FROM pipeline_run WHERE active_model = ?",
                        rs -> rs.getString(1), model);
                if (!active.isEmpty()) {
                    throw new ActiveRunException(model, active.getFirst());
                }
                return Jdbc.update(c, "INSERT INTO pipeline_run (id, model, active_model, trigger_kind, reason, requested_by,"
                                + " state, outcome, created_ms, updated_ms, owner, lease_until_ms, abort_requested)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, 0)",
                        id, model, model, trigger, reason, requestedBy, start.name(), now, now, owner, leaseUntil);
            });
        } catch (StoreException e) {
            // PostgreSQL: a concurrent insert for the same model violates the unique constraint
            Optional<PipelineRun> active = active(model);
            if (active.isPresent()) {
                throw new ActiveRunException(model, active.get().id());
            }
            throw e;
        }
        return run(id).orElseThrow();
    }

    @Override
    public Optional<PipelineRun> run(String id) {
        return jdbc.queryOne("SELECT " + RUN_COLUMNS + " FROM pipeline_run WHERE id = ?", JdbcPipelineRepository::run, id);
    }

    @Override
    public Optional<PipelineRun> active(String model) {
        return jdbc.queryOne("SELECT " + RUN_COLUMNS + " FROM pipeline_run WHERE active_model = ?",
                JdbcPipelineRepository::run, model);
    }

    @Override
    public List<PipelineRun> history(String model, int limit) {
        if (model == null) {
            return jdbc.query("SELECT " + RUN_COLUMNS + " FROM pipeline_run ORDER BY created_ms DESC, id LIMIT ?",
                    JdbcPipelineRepository::run, limit);
        }
        return jdbc.query("SELECT " + RUN_COLUMNS + " FROM pipeline_run WHERE model = ? ORDER BY created_ms DESC, id LIMIT ?",
                JdbcPipelineRepository::run, model, limit);
    }

    @Override
    public boolean claim(String runId, String owner, Instant now, Instant leaseUntil) {
        return jdbc.update("UPDATE pipeline_run SET owner = ?, lease_until_ms = ? WHERE id = ? AND active_model IS NOT NULL"
                + " AND (owner IS NULL OR owner = ? OR lease_until_ms < ?)", owner, leaseUntil, runId, owner, now) == 1;
    }

    @Override
    public boolean transition(String runId, String owner, PipelineState from, PipelineState to, Instant now,
                              Instant leaseUntil) {
        if (to instanceof PipelineState.Done done) {
            return jdbc.update("UPDATE pipeline_run SET state = ?, outcome = ?, active_model = NULL, owner = NULL,"
                            + " updated_ms = ?, lease_until_ms = ? WHERE id = ? AND state = ? AND owner = ?",
                    to.name(), done.reason(), now, now, runId, from.name(), owner) == 1;
        }
        return jdbc.update("UPDATE pipeline_run SET state = ?, updated_ms = ?, lease_until_ms = ?"
                + " WHERE id = ? AND state = ? AND owner = ?", to.name(), now, leaseUntil, runId, from.name(), owner) == 1;
    }

    @Override
    public boolean requestAbort(String runId) {
        return jdbc.update("UPDATE pipeline_run SET abort_requested = 1 WHERE id = ? AND active_model IS NOT NULL", runId) == 1;
    }

    @Override
    public PipelineStep startStep(String runId, String step, Instant now) {
        jdbc.inTransaction(c -> {
            int updated = Jdbc.update(c, "UPDATE pipeline_step SET attempt = attempt + 1, status = 'RUNNING', started_ms = ?,"
                    + " ended_ms = NULL, output = '{}', message = '' WHERE run_id = ? AND step = ?", now, runId, step);
            if (updated == 0) {
                int seq = Jdbc.query(c, "SELECT COUNT(*) FROM pipeline_step WHERE run_id = ?", rs -> rs.getInt(1), runId)
                        .getFirst();
                Jdbc.update(c, "INSERT INTO pipeline_step (run_id, step, seq, attempt, status, started_ms, ended_ms, output,"
                        + " message) VALUES (?, ?, ?, 1, 'RUNNING', ?, NULL, '{}', '')", runId, step, seq, now);
            }
            return null;
        });
        return step(runId, step).orElseThrow();
    }

    @Override
    public void finishStep(String runId, String step, PipelineStep.Status status, String output, String message,
                           Instant now) {
        jdbc.update("UPDATE pipeline_step SET status = ?, ended_ms = ?, output = ?, message = ? WHERE run_id = ? AND step = ?",
                status, now, output, message == null ? "" : message, runId, step);
    }

    @Override
    public Optional<PipelineStep> step(String runId, String step) {
        return jdbc.queryOne("SELECT " + STEP_COLUMNS + " FROM pipeline_step WHERE run_id = ? AND step = ?",
                JdbcPipelineRepository::step, runId, step);
    }

    @Override
    public List<PipelineStep> steps(String runId) {
        return jdbc.query("SELECT " + STEP_COLUMNS + " FROM pipeline_step WHERE run_id = ? ORDER BY seq",
                JdbcPipelineRepository::step, runId);
    }

    private static PipelineRun run(ResultSet rs) throws SQLException {
        return new PipelineRun(rs.getString("id"), rs.getString("model"), rs.getString("trigger_kind"),
                rs.getString("reason"), rs.getString("requested_by"),
                PipelineState.parse(rs.getString("state"), rs.getString("outcome")),
                Jdbc.instant(rs, "created_ms"), Jdbc.instant(rs, "updated_ms"), Optional.ofNullable(rs.getString("owner")),
                Jdbc.instant(rs, "lease_until_ms"), rs.getInt("abort_requested") != 0);
    }

    private static PipelineStep step(ResultSet rs) throws SQLException {
        return new PipelineStep(rs.getString("run_id"), rs.getString("step"), rs.getInt("attempt"),
                PipelineStep.Status.valueOf(rs.getString("status")), Jdbc.instant(rs, "started_ms"),
                Optional.ofNullable(Jdbc.instant(rs, "ended_ms")), rs.getString("output"), rs.getString("message"));
    }
}
