package dev.loupe.store.jdbc;

import dev.loupe.core.tracking.DatasetInput;
import dev.loupe.core.tracking.LifecycleStage;
import dev.loupe.core.tracking.Metric;
import dev.loupe.core.tracking.Param;
import dev.loupe.core.tracking.Run;
import dev.loupe.core.tracking.RunData;
import dev.loupe.core.tracking.RunInfo;
import dev.loupe.core.tracking.RunStatus;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads runs with everything they logged, for one run or for whole experiments at once (five queries
 * whatever the number of runs). Rows become domain records here.
 */
final class JdbcRunReader {
    static final String RUN_COLUMNS = "r.run_id, r.experiment_id, r.run_name, r.user_id, r.status, r.start_ms, r.end_ms,"
            + " r.artifact_uri, r.lifecycle_stage";

    private JdbcRunReader() {
    }

    /** Runs selected by a WHERE clause over {@code runs r}, in no particular order. */
    static List<Run> read(Connection c, String where, Object... args) throws SQLException {
        List<RunInfo> infos = Jdbc.query(c, "SELECT " + RUN_COLUMNS + " FROM runs r WHERE " + where,
                JdbcRunReader::info, args);
        if (infos.isEmpty()) {
            return List.of();
        }
        Map<String, List<Metric>> metrics = group(Jdbc.query(c,
                "SELECT m.run_id, m.metric_key, m.value, m.is_nan, m.timestamp_ms, m.step FROM run_latest_metrics m"
                        + " JOIN runs r ON r.run_id = m.run_id WHERE " + where + " ORDER BY m.metric_key",
                rs -> Map.entry(rs.getString("run_id"), metric(rs)), args));
        Map<String, List<Param>> params = group(Jdbc.query(c,
                "SELECT p.run_id, p.param_key, p.param_value FROM run_params p"
                        + " JOIN runs r ON r.run_id = p.run_id WHERE " + where + " ORDER BY p.param_key",
                rs -> Map.entry(rs.getString("run_id"), new Param(rs.getString("param_key"), rs.getString("param_value"))), args));
        Map<String, List<Map.Entry<String, String>>> tags = group(Jdbc.query(c,
                "SELECT t.run_id, t.tag_key, t.tag_value FROM run_tags t"
                        + " JOIN runs r ON r.run_id = t.run_id WHERE " + where,
                rs -> Map.entry(rs.getString("run_id"), Map.entry(rs.getString("tag_key"), rs.getString("tag_value"))), args));
        Map<String, List<DatasetInput>> inputs = group(Jdbc.query(c,
                "SELECT i.run_id, i.dataset_name, i.digest, i.source_type, i.source, i.context FROM run_inputs i"
                        + " JOIN runs r ON r.run_id = i.run_id WHERE " + where + " ORDER BY i.ordinal",
                rs -> Map.entry(rs.getString("run_id"), new DatasetInput(rs.getString("dataset_name"), rs.getString("digest"),
                        rs.getString("source_type"), rs.getString("source"), rs.getString("context"))), args));
        List<Run> runs = new ArrayList<>(infos.size());
        for (RunInfo info : infos) {
            Map<String, String> tagMap = new HashMap<>();
            for (Map.Entry<String, String> t : tags.getOrDefault(info.runId(), List.of())) {
                tagMap.put(t.getKey(), t.getValue());
            }
            runs.add(new Run(info, new RunData(metrics.getOrDefault(info.runId(), List.of()),
                    params.getOrDefault(info.runId(), List.of()), tagMap), inputs.getOrDefault(info.runId(), List.of())));
        }
        return runs;
    }

    private static <V> Map<String, List<V>> group(List<Map.Entry<String, V>> rows) {
        Map<String, List<V>> out = new LinkedHashMap<>();
        for (Map.Entry<String, V> row : rows) {
            out.computeIfAbsent(row.getKey(), k -> new ArrayList<>()).add(row.getValue());
        }
        return out.isEmpty() ? Collections.emptyMap() : out;
    }

    static RunInfo info(ResultSet rs) throws SQLException {
        return new RunInfo(rs.getString("run_id"), Long.toString(rs.getLong("experiment_id")), rs.getString("run_name"),
                rs.getString("user_id"), RunStatus.valueOf(rs.getString("status")), Jdbc.instant(rs, "start_ms"),
                Jdbc.instant(rs, "end_ms"), rs.getString("artifact_uri"),
                LifecycleStage.valueOf(rs.getString("lifecycle_stage").toUpperCase(Locale.ROOT)));
    }

    static Metric metric(ResultSet rs) throws SQLException {
        double value = rs.getInt("is_nan") == 1 ? Double.NaN : rs.getDouble("value");
        return new Metric(rs.getString("metric_key"), value, Instant.ofEpochMilli(rs.getLong("timestamp_ms")), rs.getLong("step"));
    }
}
