package dev.loupe.store.jdbc;

import dev.loupe.core.search.Page;
import dev.loupe.core.store.AlreadyExistsException;
import dev.loupe.core.store.NotFoundException;
import dev.loupe.core.store.StoreException;
import dev.loupe.core.tracking.Artifact;
import dev.loupe.core.tracking.DatasetInput;
import dev.loupe.core.tracking.Experiment;
import dev.loupe.core.tracking.LifecycleStage;
import dev.loupe.core.tracking.Metric;
import dev.loupe.core.tracking.Param;
import dev.loupe.core.tracking.Run;
import dev.loupe.core.tracking.RunInfo;
import dev.loupe.core.tracking.RunQueries;
import dev.loupe.core.tracking.RunSearch;
import dev.loupe.core.tracking.RunStatus;
import dev.loupe.core.tracking.TrackingStore;
import dev.loupe.core.tracking.ViewType;
import dev.loupe.core.store.BlobId;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link TrackingStore} over the V3 tables. Each method is one transaction. Searches load the
 * candidate experiments' runs and evaluate the filter in memory ({@link RunQueries}), so SQLite and
 * PostgreSQL answer alike; fine for the thousands of runs a team makes, not for millions.
 */
final class JdbcTrackingStore implements TrackingStore {
    private static final String RUN_NAME_TAG = "mlflow.runName";

    private final Jdbc jdbc;
    private final Clock clock;

    JdbcTrackingStore(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }

    // ---- experiments

    @Override
    public Experiment createExperiment(String name, String artifactLocation, Map<String, String> tags) {
        requireText(name, "experiment name");
        try {
            return jdbc.inTransaction(c -> {
                if (!Jdbc.query(c, "SELECT id FROM experiments WHERE name = ?", rs -> rs.getLong(1), name).isEmpty()) {
                    throw new AlreadyExistsException("Experiment '" + name + "' already exists.");
                }
                Instant now = now();
                long id = Jdbc.insertReturningKey(c, "INSERT INTO experiments (name, artifact_location, lifecycle_stage,"
                        + " creation_ms, last_update_ms) VALUES (?, ?, 'active', ?, ?)", name, artifactLocation, now, now);
                for (Map.Entry<String, String> t : tags.entrySet()) {
                    putExperimentTag(c, id, t.getKey(), t.getValue());
                }
                return experiment(c, id).orElseThrow();
            });
        } catch (StoreException e) {
            // PostgreSQL: another writer created it between our check and our insert (unique name)
            if (Jdbc.uniqueViolation(e) && experimentByName(name).isPresent()) {
                throw new AlreadyExistsException("Experiment '" + name + "' already exists.");
            }
            throw e;
        }
    }

    @Override
    public Optional<Experiment> experiment(String id) {
        Long key = parseExperimentId(id);
        return key == null ? Optional.empty() : jdbc.inTransaction(c -> experiment(c, key));
    }

    @Override
    public Optional<Experiment> experimentByName(String name) {
        return jdbc.inTransaction(c -> {
            List<Long> ids = Jdbc.query(c, "SELECT id FROM experiments WHERE name = ?", rs -> rs.getLong(1), name);
            return ids.isEmpty() ? Optional.empty() : experiment(c, ids.getFirst());
        });
    }

    @Override
    public List<Experiment> experiments(ViewType view) {
        return jdbc.inTransaction(c -> {
            Map<Long, Map<String, String>> tags = new HashMap<>();
            Jdbc.query(c, "SELECT experiment_id, tag_key, tag_value FROM experiment_tags", rs -> tags
                    .computeIfAbsent(rs.getLong(1), k -> new HashMap<>()).put(rs.getString(2), rs.getString(3)));
            return Jdbc.query(c, "SELECT * FROM experiments ORDER BY id",
                            rs -> experiment(rs, tags.getOrDefault(rs.getLong("id"), Map.of())))
                    .stream().filter(e -> view.includes(e.lifecycleStage())).toList();
        });
    }

    @Override
    public void renameExperiment(String id, String newName) {
        requireText(newName, "new experiment name");
        jdbc.inTransaction(c -> {
            Experiment e = requireExperiment(c, id);
            if (e.name().equals(newName)) {
                return null;
            }
            if (!Jdbc.query(c, "SELECT id FROM experiments WHERE name = ?", rs -> rs.getLong(1), newName).isEmpty()) {
                throw new AlreadyExistsException("Experiment '" + newName + "' already exists.");
            }
            return Jdbc.update(c, "UPDATE experiments SET name = ?, last_update_ms = ? WHERE id = ?", newName, now(), Long.parseLong(e.id()));
        });
    }

    @Override
    public void deleteExperiment(String id) {
        if (Experiment.DEFAULT_ID.equals(id)) {
            throw new IllegalArgumentException("Cannot delete the default experiment '0'.");
        }
        setExperimentStage(id, LifecycleStage.DELETED);
    }

    @Override
    public void restoreExperiment(String id) {
        setExperimentStage(id, LifecycleStage.ACTIVE);
    }

    private void setExperimentStage(String id, LifecycleStage stage) {
        jdbc.inTransaction(c -> {
            long key = Long.parseLong(requireExperiment(c, id).id());
            Jdbc.update(c, "UPDATE experiments SET lifecycle_stage = ?, last_update_ms = ? WHERE id = ?", stage.wireName(), now(), key);
            return Jdbc.update(c, "UPDATE runs SET lifecycle_stage = ? WHERE experiment_id = ?", stage.wireName(), key);
        });
    }

    @Override
    public void setExperimentTag(String id, String key, String value) {
        requireText(key, "tag key");
        jdbc.inTransaction(c -> {
            Experiment e = requireExperiment(c, id);
            requireActive(e.lifecycleStage(), "experiment " + id);
            putExperimentTag(c, Long.parseLong(e.id()), key, value == null ? "" : value);
            return null;
        });
    }

    private static void putExperimentTag(Connection c, long id, String key, String value) throws SQLException {
        Jdbc.update(c, "INSERT INTO experiment_tags (experiment_id, tag_key, tag_value) VALUES (?, ?, ?)"
                + " ON CONFLICT (experiment_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value", id, key, value);
    }

    private Optional<Experiment> experiment(Connection c, long id) throws SQLException {
        Map<String, String> tags = new HashMap<>();
        Jdbc.query(c, "SELECT tag_key, tag_value FROM experiment_tags WHERE experiment_id = ?",
                rs -> tags.put(rs.getString(1), rs.getString(2)), id);
        List<Experiment> rows = Jdbc.query(c, "SELECT * FROM experiments WHERE id = ?", rs -> experiment(rs, tags), id);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    private static Experiment experiment(ResultSet rs, Map<String, String> tags) throws SQLException {
        String id = Long.toString(rs.getLong("id"));
        String location = rs.getString("artifact_location");
        return new Experiment(id, rs.getString("name"), location == null ? defaultLocation(id) : location,
                LifecycleStage.valueOf(rs.getString("lifecycle_stage").toUpperCase(java.util.Locale.ROOT)),
                Jdbc.instant(rs, "creation_ms"), Jdbc.instant(rs, "last_update_ms"), tags);
    }

    /** Where MLflow clients are told artifacts live; Loupe keeps the bytes in its blob store. */
    private static String defaultLocation(String experimentId) {
        return "loupe-artifacts:/" + experimentId;
    }

    private Experiment requireExperiment(Connection c, String id) throws SQLException {
        Long key = parseExperimentId(id);
        Optional<Experiment> e = key == null ? Optional.empty() : experiment(c, key);
        return e.orElseThrow(() -> new NotFoundException("No Experiment with id=" + id + " exists"));
    }

    private static Long parseExperimentId(String id) {
        if (id == null || !id.matches("[0-9]{1,18}")) {
            return null;
        }
        return Long.parseLong(id);
    }

    // ---- runs

    @Override
    public RunInfo createRun(String experimentId, String runName, String userId, Instant startTime, Map<String, String> tags) {
        String id = UUID.randomUUID().toString().replace("-", "");
        return jdbc.inTransaction(c -> {
            Experiment e = requireExperiment(c, experimentId == null || experimentId.isEmpty() ? Experiment.DEFAULT_ID : experimentId);
            requireActive(e.lifecycleStage(), "experiment " + e.id());
            String name = runName != null && !runName.isBlank() ? runName
                    : tags.getOrDefault(RUN_NAME_TAG, "run-" + id.substring(0, 8));
            Jdbc.update(c, "INSERT INTO runs (run_id, experiment_id, run_name, user_id, status, start_ms, end_ms, artifact_uri,"
                            + " lifecycle_stage) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, 'active')", id, Long.parseLong(e.id()), name, userId,
                    RunStatus.RUNNING, startTime == null ? now() : startTime, e.artifactLocation() + "/" + id + "/artifacts");
            Map<String, String> all = new HashMap<>(tags);
            all.put(RUN_NAME_TAG, name);
            for (Map.Entry<String, String> t : all.entrySet()) {
                putTag(c, id, t.getKey(), t.getValue());
            }
            return runInfo(c, id);
        });
    }

    @Override
    public Optional<Run> run(String runId) {
        return jdbc.inTransaction(c -> JdbcRunReader.read(c, "r.run_id = ?", runId).stream().findFirst());
    }

    @Override
    public RunInfo updateRun(String runId, RunStatus status, Instant endTime, String runName) {
        return jdbc.inTransaction(c -> {
            RunInfo info = runInfo(c, runId);
            Jdbc.update(c, "UPDATE runs SET status = ?, end_ms = ?, run_name = ? WHERE run_id = ?",
                    status == null ? info.status() : status, endTime == null ? info.endTime() : endTime,
                    runName == null || runName.isBlank() ? info.runName() : runName, runId);
            if (runName != null && !runName.isBlank()) {
                putTag(c, runId, RUN_NAME_TAG, runName);
            }
            return runInfo(c, runId);
        });
    }

    @Override
    public void deleteRun(String runId) {
        setRunStage(runId, LifecycleStage.DELETED);
    }

    @Override
    public void restoreRun(String runId) {
        setRunStage(runId, LifecycleStage.ACTIVE);
    }

    private void setRunStage(String runId, LifecycleStage stage) {
        jdbc.inTransaction(c -> {
            runInfo(c, runId);
            return Jdbc.update(c, "UPDATE runs SET lifecycle_stage = ? WHERE run_id = ?", stage.wireName(), runId);
        });
    }

    @Override
    public void logMetric(String runId, Metric metric) {
        logBatch(runId, List.of(metric), List.of(), Map.of());
    }

    @Override
    public void logParam(String runId, Param param) {
        logBatch(runId, List.of(), List.of(param), Map.of());
    }

    @Override
    public void setTag(String runId, String key, String value) {
        logBatch(runId, List.of(), List.of(), Map.of(key, value == null ? "" : value));
    }

    @Override
    public void deleteTag(String runId, String key) {
        jdbc.inTransaction(c -> {
            requireActive(runInfo(c, runId).lifecycleStage(), "run " + runId);
            if (Jdbc.update(c, "DELETE FROM run_tags WHERE run_id = ? AND tag_key = ?", runId, key) == 0) {
                throw new NotFoundException("No tag with name: " + key + " in run with id " + runId);
            }
            return null;
        });
    }

    @Override
    public void logBatch(String runId, List<Metric> metrics, List<Param> params, Map<String, String> tags) {
        jdbc.inTransaction(c -> {
            requireActive(runInfo(c, runId).lifecycleStage(), "run " + runId);
            for (Param p : params) {
                requireText(p.key(), "param key");
                List<String> old = Jdbc.query(c, "SELECT param_value FROM run_params WHERE run_id = ? AND param_key = ?",
                        rs -> rs.getString(1), runId, p.key());
                if (old.isEmpty()) {
                    Jdbc.update(c, "INSERT INTO run_params (run_id, param_key, param_value) VALUES (?, ?, ?)", runId, p.key(), p.value());
                } else if (!old.getFirst().equals(p.value())) {
                    throw new IllegalArgumentException("Changing param values is not allowed. Param with key='" + p.key()
                            + "' was already logged with value='" + old.getFirst() + "' for run ID='" + runId
                            + "'. Attempted logging new value '" + p.value() + "'.");
                }
            }
            for (Metric m : metrics) {
                insertMetric(c, runId, m);
            }
            for (Map.Entry<String, String> t : tags.entrySet()) {
                requireText(t.getKey(), "tag key");
                putTag(c, runId, t.getKey(), t.getValue());
                if (t.getKey().equals(RUN_NAME_TAG)) {
                    Jdbc.update(c, "UPDATE runs SET run_name = ? WHERE run_id = ?", t.getValue(), runId);
                }
            }
            return null;
        });
    }

    private static void insertMetric(Connection c, String runId, Metric m) throws SQLException {
        requireText(m.key(), "metric key");
        boolean nan = Double.isNaN(m.value());
        Object[] args = {runId, m.key(), nan ? 0.0 : m.value(), nan ? 1 : 0, m.timestamp(), m.step()};
        Jdbc.update(c, "INSERT INTO run_metrics (run_id, metric_key, value, is_nan, timestamp_ms, step) VALUES (?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT DO NOTHING", args);
        Jdbc.update(c, "INSERT INTO run_latest_metrics (run_id, metric_key, value, is_nan, timestamp_ms, step)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, metric_key) DO UPDATE SET value = excluded.value,"
                + " is_nan = excluded.is_nan, timestamp_ms = excluded.timestamp_ms, step = excluded.step"
                + " WHERE excluded.step > run_latest_metrics.step OR (excluded.step = run_latest_metrics.step"
                + " AND excluded.timestamp_ms >= run_latest_metrics.timestamp_ms)", args);
    }

    private static void putTag(Connection c, String runId, String key, String value) throws SQLException {
        Jdbc.update(c, "INSERT INTO run_tags (run_id, tag_key, tag_value) VALUES (?, ?, ?)"
                + " ON CONFLICT (run_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value", runId, key, value);
    }

    @Override
    public void logInputs(String runId, List<DatasetInput> inputs) {
        jdbc.inTransaction(c -> {
            requireActive(runInfo(c, runId).lifecycleStage(), "run " + runId);
            int next = Jdbc.query(c, "SELECT COUNT(*) FROM run_inputs WHERE run_id = ?", rs -> rs.getInt(1), runId).getFirst();
            for (DatasetInput d : inputs) {
                next += Jdbc.update(c, "INSERT INTO run_inputs (run_id, ordinal, dataset_name, digest, source_type, source, context)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", runId, next, d.name(), d.digest(),
                        d.sourceType(), d.source(), d.context());
            }
            return null;
        });
    }

    @Override
    public void logArtifact(String runId, Artifact artifact) {
        jdbc.inTransaction(c -> {
            requireActive(runInfo(c, runId).lifecycleStage(), "run " + runId);
            return Jdbc.update(c, "INSERT INTO run_artifacts (run_id, path, blob_id, size_bytes) VALUES (?, ?, ?, ?)"
                            + " ON CONFLICT (run_id, path) DO UPDATE SET blob_id = excluded.blob_id, size_bytes = excluded.size_bytes",
                    runId, artifact.path(), artifact.blob().sha256(), artifact.sizeBytes());
        });
    }

    @Override
    public List<Artifact> artifacts(String runId) {
        return jdbc.inTransaction(c -> {
            runInfo(c, runId);
            return Jdbc.query(c, "SELECT path, blob_id, size_bytes FROM run_artifacts WHERE run_id = ? ORDER BY path",
                    rs -> new Artifact(rs.getString(1), BlobId.of(rs.getString(2).strip()), rs.getLong(3)), runId);
        });
    }

    @Override
    public List<Metric> metricHistory(String runId, String key) {
        return jdbc.inTransaction(c -> {
            runInfo(c, runId);
            return Jdbc.query(c, "SELECT metric_key, value, is_nan, timestamp_ms, step FROM run_metrics"
                    + " WHERE run_id = ? AND metric_key = ? ORDER BY step, timestamp_ms", JdbcRunReader::metric, runId, key);
        });
    }

    @Override
    public Page<Run> searchRuns(RunSearch search) {
        if (search.experimentIds().isEmpty()) {
            throw new IllegalArgumentException("experiment_ids must name at least one experiment");
        }
        Object[] ids = search.experimentIds().stream().map(id -> {
            Long key = parseExperimentId(id);
            if (key == null) {
                throw new IllegalArgumentException("Invalid experiment id '" + id + "'");
            }
            return key;
        }).toArray();
        List<Run> candidates = jdbc.inTransaction(c -> JdbcRunReader.read(c, "r.experiment_id IN (" + Jdbc.marks(ids.length) + ")", ids));
        return RunQueries.search(candidates, search);
    }

    private static RunInfo runInfo(Connection c, String runId) throws SQLException {
        List<RunInfo> rows = Jdbc.query(c, "SELECT " + JdbcRunReader.RUN_COLUMNS + " FROM runs r WHERE r.run_id = ?",
                JdbcRunReader::info, runId);
        if (rows.isEmpty()) {
            throw new NotFoundException("Run with id=" + runId + " not found");
        }
        return rows.getFirst();
    }

    private static void requireActive(LifecycleStage stage, String what) {
        if (stage != LifecycleStage.ACTIVE) {
            throw new IllegalArgumentException("The " + what + " must be in the 'active' state. Current state is "
                    + stage.wireName() + ".");
        }
    }

    static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Missing value for " + what);
        }
    }
}
