package dev.loupe.store.jdbc;

import dev.loupe.core.monitoring.Feedback;
import dev.loupe.core.monitoring.FeedbackStore;
import dev.loupe.core.monitoring.LabelledPrediction;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** {@link FeedbackStore} over the {@code feedback} table, joined with {@code prediction_log} by request id. */
final class JdbcFeedbackStore implements FeedbackStore {

    private final Jdbc jdbc;

    JdbcFeedbackStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void add(Feedback f) {
        jdbc.update("INSERT INTO feedback (request_id, label, source, at_ms) VALUES (?, ?, ?, ?)",
                f.requestId(), f.label(), f.source(), f.time());
    }

    @Override
    public List<Feedback> forRequest(String requestId) {
        return jdbc.query("SELECT request_id, label, source, at_ms FROM feedback f WHERE request_id = ? ORDER BY seq",
                JdbcFeedbackStore::map, requestId);
    }

    @Override
    public List<LabelledPrediction> labelled(String model, Instant from, int limit) {
        return jdbc.query("SELECT f.request_id, f.label AS f_label, f.source, f.at_ms AS f_at_ms, "
                        + JdbcPredictionLog.COLUMNS + " FROM feedback f JOIN prediction_log p ON p.request_id = f.request_id"
                        + " WHERE p.model = ? AND f.at_ms >= ?"
                        + " AND f.seq = (SELECT MAX(g.seq) FROM feedback g WHERE g.request_id = f.request_id)"
                        + " ORDER BY f.at_ms, f.seq LIMIT ?",
                rs -> new LabelledPrediction(JdbcPredictionLog.map(rs), new Feedback(rs.getString("request_id"),
                        rs.getString("f_label"), rs.getString("source"), Jdbc.instant(rs, "f_at_ms"))),
                model, from, limit);
    }

    private static Feedback map(ResultSet rs) throws SQLException {
        return new Feedback(rs.getString("request_id"), rs.getString("label"), rs.getString("source"),
                Jdbc.instant(rs, "at_ms"));
    }
}
