package dev.loupe.store.jdbc;

import dev.loupe.core.monitoring.AlertState;
import dev.loupe.core.monitoring.DriftAlarm;
import dev.loupe.core.monitoring.MonitoringRepository;
import dev.loupe.core.monitoring.StoredReference;
import dev.loupe.core.store.BlobId;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link MonitoringRepository} over {@code monitor_reference}, {@code drift_alarm}, {@code alert_state/history}. */
final class JdbcMonitoringRepository implements MonitoringRepository {
    private static final String REFERENCE = "SELECT model, version, dataset, blob_id, size, created_ms FROM monitor_reference";
    private static final String ALARM = "SELECT model, version, monitor, direction, statistic, threshold, effect_size,"
            + " start_ms, start_request_id, alarm_ms, alarm_request_id, observations FROM drift_alarm";

    private final Jdbc jdbc;

    JdbcMonitoringRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void saveReference(StoredReference r) {
        jdbc.inTransaction(c -> {
            Jdbc.update(c, "DELETE FROM monitor_reference WHERE model = ? AND version = ?", r.model(), r.version());
            return Jdbc.update(c, "INSERT INTO monitor_reference (model, version, dataset, blob_id, size, created_ms)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", r.model(), r.version(), r.dataset(), r.blob().sha256(), r.size(), r.createdAt());
        });
    }

    @Override
    public Optional<StoredReference> reference(String model, String version) {
        return jdbc.queryOne(REFERENCE + " WHERE model = ? AND version = ?", JdbcMonitoringRepository::reference, model, version);
    }

    @Override
    public Optional<StoredReference> latestReference(String model) {
        return jdbc.queryOne(REFERENCE + " WHERE model = ? ORDER BY created_ms DESC, version DESC LIMIT 1",
                JdbcMonitoringRepository::reference, model);
    }

    @Override
    public boolean addAlarm(DriftAlarm a) {
        // check-then-insert in one write transaction (SQLite: BEGIN IMMEDIATE); the unique key backs it on PostgreSQL
        return jdbc.inTransaction(c -> {
            if (!Jdbc.query(c, "SELECT 1 FROM drift_alarm WHERE model = ? AND version = ? AND monitor = ? AND alarm_request_id = ?",
                    rs -> 1, a.model(), a.version(), a.monitor(), a.alarmRequestId()).isEmpty()) {
                return false;
            }
            Jdbc.update(c, "INSERT INTO drift_alarm (model, version, monitor, direction, statistic, threshold, effect_size,"
                            + " start_ms, start_request_id, alarm_ms, alarm_request_id, observations)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    a.model(), a.version(), a.monitor(), a.direction(), a.statistic(), a.threshold(), a.effectSize(),
                    a.startTime(), a.startRequestId(), a.alarmTime(), a.alarmRequestId(), a.observations());
            return true;
        });
    }

    @Override
    public List<DriftAlarm> alarms(String model, Instant from) {
        return jdbc.query(ALARM + " WHERE model = ? AND alarm_ms >= ? ORDER BY alarm_ms, seq",
                JdbcMonitoringRepository::alarm, model, from);
    }

    @Override
    public void saveAlertState(AlertState s) {
        double value = s.value();
        Object v = Double.isNaN(value) ? null : value;
        jdbc.inTransaction(c -> {
            Jdbc.update(c, "DELETE FROM alert_state WHERE rule = ?", s.rule());
            Jdbc.update(c, "INSERT INTO alert_state (rule, status, since_ms, value, message) VALUES (?, ?, ?, ?, ?)",
                    s.rule(), s.status(), s.since(), v, s.message());
            return Jdbc.update(c, "INSERT INTO alert_history (rule, status, since_ms, value, message) VALUES (?, ?, ?, ?, ?)",
                    s.rule(), s.status(), s.since(), v, s.message());
        });
    }

    @Override
    public List<AlertState> alertStates() {
        return jdbc.query("SELECT rule, status, since_ms, value, message FROM alert_state ORDER BY rule",
                JdbcMonitoringRepository::alert);
    }

    @Override
    public List<AlertState> alertHistory(String rule, int limit) {
        return jdbc.query("SELECT rule, status, since_ms, value, message FROM alert_history WHERE rule = ? ORDER BY seq DESC LIMIT ?",
                JdbcMonitoringRepository::alert, rule, limit);
    }

    private static StoredReference reference(ResultSet rs) throws SQLException {
        return new StoredReference(rs.getString("model"), rs.getString("version"), rs.getString("dataset"),
                BlobId.of(rs.getString("blob_id")), rs.getInt("size"), Jdbc.instant(rs, "created_ms"));
    }

    private static DriftAlarm alarm(ResultSet rs) throws SQLException {
        return new DriftAlarm(rs.getString("model"), rs.getString("version"), rs.getString("monitor"),
                rs.getString("direction"), rs.getDouble("statistic"), rs.getDouble("threshold"), rs.getDouble("effect_size"),
                Jdbc.instant(rs, "start_ms"), rs.getString("start_request_id"), Jdbc.instant(rs, "alarm_ms"),
                rs.getString("alarm_request_id"), rs.getLong("observations"));
    }

    private static AlertState alert(ResultSet rs) throws SQLException {
        double v = rs.getDouble("value");
        if (rs.wasNull()) {
            v = Double.NaN;
        }
        return new AlertState(rs.getString("rule"), AlertState.Status.valueOf(rs.getString("status")),
                Jdbc.instant(rs, "since_ms"), v, rs.getString("message"));
    }
}
