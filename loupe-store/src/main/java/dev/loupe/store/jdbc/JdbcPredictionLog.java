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
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@link PredictionLog} over the {@code prediction_log} table; a batch is one JDBC batch in one transaction.
 * NaN values are written as column {@code nan_values}, a bit per value (SQLite has no NaN; V26), so both
 * databases read them back as NaN.
 */
final class JdbcPredictionLog implements PredictionLog {
    static final String COLUMNS = "p.at_ms, p.model, p.version, p.station, p.request_id, p.brightness, p.contrast,"
            + " p.sharpness, p.red, p.green, p.blue, p.saturation, p.score, p.label, p.decision, p.latency_ns, p.image_blob,"
            + " p.embedding, p.nan_values";

    /** The bit of {@code nan_values} for a NaN score; bit i is the i-th of {@link ImageStats#NAMES}. */
    private static final int NAN_SCORE = 1 << 7;

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
                    + " latency_ns, image_blob, embedding, nan_values) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (LoggedPrediction p : batch) {
                    Double[] s = new Double[ImageStats.NAMES.size()];
                    int nan = 0;
                    if (p.stats().isPresent()) {
                        double[] v = p.stats().get().toArray();
                        for (int i = 0; i < v.length; i++) {
                            nan |= Double.isNaN(v[i]) ? 1 << i : 0;
                            s[i] = Double.isNaN(v[i]) ? null : v[i];
                        }
                    }
                    boolean nanScore = Double.isNaN(p.score());
                    nan |= nanScore ? NAN_SCORE : 0;
                    Jdbc.bind(ps, p.time(), p.model(), p.version(), p.station(), p.requestId(), s[0], s[1], s[2], s[3], s[4],
                            s[5], s[6], nanScore ? 0.0 : p.score(), p.label(), p.decision(), p.latencyNanos(),
                            p.image().map(BlobId::sha256).orElse(null), p.embedding().map(JdbcPredictionLog::bytes).orElse(null),
                            nan == 0 ? null : nan);
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

    @Override
    public Optional<Instant> oldest() {
        return jdbc.query("SELECT MIN(at_ms) FROM prediction_log", rs -> {
            long ms = rs.getLong(1);
            return rs.wasNull() ? Optional.<Instant>empty() : Optional.of(Instant.ofEpochMilli(ms));
        }).getFirst();
    }

    @Override
    public Set<BlobId> imagesBefore(Instant cutoff) {
        return new HashSet<>(jdbc.query("SELECT DISTINCT image_blob FROM prediction_log WHERE at_ms < ? AND image_blob IS NOT NULL",
                rs -> BlobId.of(rs.getString(1)), cutoff));
    }

    /** Maps a row selected with {@link #COLUMNS}. */
    static LoggedPrediction map(ResultSet rs) throws SQLException {
        String blob = rs.getString("image_blob");
        int nan = rs.getInt("nan_values"); // NULL reads as 0: no NaN
        rs.getDouble("brightness");
        Optional<ImageStats> stats = Optional.empty();
        if (!rs.wasNull() || (nan & 1) != 0) { // no statistics at all: brightness NULL and not a NaN
            double[] v = new double[ImageStats.NAMES.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (nan & 1 << i) != 0 ? Double.NaN : rs.getDouble(ImageStats.NAMES.get(i));
            }
            stats = Optional.of(new ImageStats(v[0], v[1], v[2], v[3], v[4], v[5], v[6]));
        }
        return new LoggedPrediction(Jdbc.instant(rs, "at_ms"), rs.getString("model"), rs.getString("version"),
                rs.getString("station"), rs.getString("request_id"), stats,
                (nan & NAN_SCORE) != 0 ? Double.NaN : rs.getDouble("score"), rs.getString("label"), Decision.valueOf(rs.getString("decision")),
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
