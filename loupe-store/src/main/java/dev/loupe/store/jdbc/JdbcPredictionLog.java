package dev.loupe.store.jdbc;

import dev.loupe.core.image.ImageStats;
import dev.loupe.core.decision.Decision;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.core.monitoring.PredictionLog;
import dev.loupe.core.monitoring.PredictionQuery;
import dev.loupe.core.store.BlobId;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link PredictionLog} over the {@code prediction_log} table; a batch is one JDBC batch in one transaction. */
final class JdbcPredictionLog implements PredictionLog {
    static final String COLUMNS = "p.at_ms, p.model, p.version, p.station, p.request_id, p.brightness, p.contrast,"
            + " p.sharpness, p.red, p.green, p.blue, p.saturation, p.score, p.label, p.decision, p.latency_ns, p.image_blob,"
            + " p.embedding";

    private final Jdbc jdbc;

    JdbcPredictionLog(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void append(List<LoggedPrediction> batch) {
        if (batch.isEmpty()) {
            return;
        }
        jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO prediction_log (at_ms, model, version, station,"
                    + " request_id, brightness, contrast, sharpness, red, green, blue, saturation, score, label, decision,"
                    + " latency_ns, image_blob, embedding) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (LoggedPrediction p : batch) {
                    ImageStats s = p.stats().orElse(null);
                    Jdbc.bind(ps, p.time(), p.model(), p.version(), p.station(), p.requestId(), s == null ? null : s.brightness(),
                            s == null ? null : s.contrast(), s == null ? null : s.sharpness(), s == null ? null : s.red(),
                            s == null ? null : s.green(), s == null ? null : s.blue(), s == null ? null : s.saturation(), p.score(),
                            p.label(), p.decision(), p.latencyNanos(), p.image().map(BlobId::sha256).orElse(null),
                            p.embedding().map(JdbcPredictionLog::bytes).orElse(null));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<LoggedPrediction> query(PredictionQuery q) {
        String sql = "SELECT " + COLUMNS + " FROM prediction_log p WHERE p.model = ? AND p.at_ms >= ? AND p.at_ms < ?"
                + (q.version().isPresent() ? " AND p.version = ?" : "") + " ORDER BY p.at_ms, p.seq LIMIT ?";
        Object[] args = q.version().isPresent()
                ? new Object[]{q.model(), q.from(), q.to(), q.version().get(), q.limit()}
                : new Object[]{q.model(), q.from(), q.to(), q.limit()};
        return jdbc.query(sql, JdbcPredictionLog::map, args);
    }

    @Override
    public Optional<LoggedPrediction> byRequestId(String requestId) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM prediction_log p WHERE p.request_id = ? ORDER BY p.seq DESC LIMIT 1",
                JdbcPredictionLog::map, requestId);
    }

    @Override
    public long count(String model, Instant from, Instant to) {
        return jdbc.queryOne("SELECT COUNT(*) FROM prediction_log WHERE model = ? AND at_ms >= ? AND at_ms < ?",
                rs -> rs.getLong(1), model, from, to).orElse(0L);
    }

    @Override
    public long deleteOlderThan(Instant cutoff) {
        return jdbc.update("DELETE FROM prediction_log WHERE at_ms < ?", cutoff);
    }

    /** Maps a row selected with {@link #COLUMNS}. */
    static LoggedPrediction map(ResultSet rs) throws SQLException {
        String blob = rs.getString("image_blob");
        double brightness = rs.getDouble("brightness");
        Optional<ImageStats> stats = rs.wasNull() ? Optional.empty() : Optional.of(new ImageStats(brightness,
                rs.getDouble("contrast"), rs.getDouble("sharpness"), rs.getDouble("red"), rs.getDouble("green"),
                rs.getDouble("blue"), rs.getDouble("saturation")));
        return new LoggedPrediction(Jdbc.instant(rs, "at_ms"), rs.getString("model"), rs.getString("version"),
                rs.getString("station"), rs.getString("request_id"), stats,
                rs.getDouble("score"), rs.getString("label"), Decision.valueOf(rs.getString("decision")),
                rs.getLong("latency_ns"), Optional.ofNullable(blob).map(BlobId::of),
                Optional.ofNullable(rs.getBytes("embedding")).map(JdbcPredictionLog::floats));
    }

    /** An embedding as stored: little-endian float32s. */
    static byte[] bytes(float[] embedding) {
        ByteBuffer b = ByteBuffer.allocate(4 * embedding.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(embedding);
        return b.array();
    }

    static float[] floats(byte[] stored) {
        float[] out = new float[stored.length / 4];
        ByteBuffer.wrap(stored).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }
}
