package dev.loupe.store.jdbc;

import dev.loupe.core.registry.ModelRegistry;
import dev.loupe.core.registry.ModelVersion;
import dev.loupe.core.registry.ModelVersionStatus;
import dev.loupe.core.registry.RegisteredModel;
import dev.loupe.core.rollout.RolloutPlan;
import dev.loupe.core.rollout.RolloutRepository;
import dev.loupe.core.search.Field;
import dev.loupe.core.search.SearchFilter;
import dev.loupe.core.store.AlreadyExistsException;
import dev.loupe.core.store.AuditEntry;
import dev.loupe.core.store.NotFoundException;
import dev.loupe.core.store.StoreException;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link ModelRegistry} over the V4 tables. Each write and its audit entry commit in one transaction;
 * version numbers come from a per-model counter row, so concurrent registrations queue on that row
 * and never get the same number, and numbers are never reused.
 *
 * <p>Every write to a model first locks its row ({@link #requireModel}), then reads what it changes: on
 * PostgreSQL (read committed) two servers moving the same alias queue there, and each audit entry's
 * "before" is what the previous write left, not what both read before either committed. SQLite's
 * writers queue anyway ({@code BEGIN IMMEDIATE}). Names and tag keys longer than their columns (250) are
 * refused as invalid on both databases, rather than stored by SQLite and a database error on PostgreSQL.
 */
final class JdbcModelRegistry implements ModelRegistry {
    static final String ENTITY = "model";
    private static final String CHAMPION = ModelRegistry.CHAMPION;

    /** The width of the name, tag key and alias columns (V4). */
    static final int MAX_KEY = 250;

    private final Jdbc jdbc;
    private final Clock clock;
    private final JdbcModelReader reader = new JdbcModelReader();

    JdbcModelRegistry(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }

    private void audit(Connection c, String actor, String name, String action, String before, String after, String reason)
            throws SQLException {
        JdbcAuditLog.append(c, now(), new AuditEntry.Change(actor, ENTITY, name, action, before, after, reason));
    }

    @Override
    public RegisteredModel createModel(String actor, String name, String description, Map<String, String> tags) {
        requireName(name);
        tags.keySet().forEach(JdbcModelRegistry::requireTagKey);
        try {
            return jdbc.inTransaction(c -> {
                if (reader.modelId(c, name).isPresent()) {
                    throw alreadyExists(name);
                }
                Instant now = now();
                long id = Jdbc.insertReturningKey(c, "INSERT INTO registered_models (name, description, creation_ms, last_update_ms,"
                        + " last_version) VALUES (?, ?, ?, ?, 0)", name, description, now, now);
                for (Map.Entry<String, String> t : tags.entrySet()) {
                    putTag(c, id, t.getKey(), t.getValue());
                }
                audit(c, actor, name, "create-model", null, name, null);
                return reader.model(c, id);
            });
        } catch (StoreException e) {
            // PostgreSQL: another writer created the model between our check and our insert
            if (Jdbc.uniqueViolation(e) && model(name).isPresent()) {
                throw alreadyExists(name);
            }
            throw e;
        }
    }

    private static AlreadyExistsException alreadyExists(String name) {
        return new AlreadyExistsException("Registered Model (name=" + name + ") already exists.");
    }

    @Override
    public Optional<RegisteredModel> model(String name) {
        return jdbc.inTransaction(c -> {
            Optional<Long> id = reader.modelId(c, name);
            return id.isEmpty() ? Optional.empty() : Optional.of(reader.model(c, id.get()));
        });
    }

    @Override
    public List<RegisteredModel> models() {
        return jdbc.inTransaction(c -> {
            List<RegisteredModel> out = new ArrayList<>();
            for (long id : Jdbc.query(c, "SELECT id FROM registered_models ORDER BY name", rs -> rs.getLong(1))) {
                out.add(reader.model(c, id));
            }
            return out;
        });
    }

    @Override
    public RegisteredModel renameModel(String actor, String name, String newName) {
        requireName(newName);
        return jdbc.inTransaction(c -> {
            long id = requireModel(c, name);
            if (name.equals(newName)) {
                return reader.model(c, id);
            }
            if (reader.modelId(c, newName).isPresent()) {
                throw alreadyExists(newName);
            }
            Jdbc.update(c, "UPDATE registered_models SET name = ?, last_update_ms = ? WHERE id = ?", newName, now(), id);
            audit(c, actor, newName, "rename", name, newName, null);
            return reader.model(c, id);
        });
    }

    @Override
    public RegisteredModel setDescription(String actor, String name, String description) {
        return jdbc.inTransaction(c -> {
            long id = requireModel(c, name);
            String old = reader.model(c, id).description();
            Jdbc.update(c, "UPDATE registered_models SET description = ?, last_update_ms = ? WHERE id = ?", description, now(), id);
            audit(c, actor, name, "set-description", old, description, null);
            return reader.model(c, id);
        });
    }

    @Override
    public void deleteModel(String actor, String name) {
        jdbc.inTransaction(c -> {
            long id = requireModel(c, name);
            List<Integer> versions = Jdbc.query(c, "SELECT version FROM model_versions WHERE model_id = ? ORDER BY version",
                    rs -> rs.getInt(1), id);
            // children first: SQLite enforces the cascades too, but this keeps the order explicit on both databases
            Jdbc.update(c, "DELETE FROM model_aliases WHERE model_id = ?", id);
            Jdbc.update(c, "DELETE FROM model_version_tags WHERE model_id = ?", id);
            Jdbc.update(c, "DELETE FROM model_versions WHERE model_id = ?", id);
            Jdbc.update(c, "DELETE FROM registered_model_tags WHERE model_id = ?", id);
            Jdbc.update(c, "DELETE FROM registered_models WHERE id = ?", id);
            audit(c, actor, name, "delete-model", "versions " + versions, null, null);
            endRollout(c, name, actor, "model " + name + " was deleted");
            return null;
        });
    }

    @Override
    public void setModelTag(String actor, String name, String key, String value) {
        requireTagKey(key);
        jdbc.inTransaction(c -> {
            long id = requireModel(c, name);
            String old = reader.model(c, id).tags().get(key);
            putTag(c, id, key, value == null ? "" : value);
            touch(c, id);
            audit(c, actor, name, "set-tag", old == null ? null : key + "=" + old, key + "=" + value, null);
            return null;
        });
    }

    @Override
    public void deleteModelTag(String actor, String name, String key) {
        jdbc.inTransaction(c -> {
            long id = requireModel(c, name);
            String old = reader.model(c, id).tags().get(key);
            if (old == null) {
                throw new NotFoundException("Registered model " + name + " has no tag " + key);
            }
            Jdbc.update(c, "DELETE FROM registered_model_tags WHERE model_id = ? AND tag_key = ?", id, key);
            touch(c, id);
            audit(c, actor, name, "delete-tag", key + "=" + old, null, null);
            return null;
        });
    }

    @Override
    public ModelVersion createVersion(String actor, String name, String source, String runId, String description,
                                      Map<String, String> tags) {
        JdbcTrackingStore.requireText(source, "source");
        tags.keySet().forEach(JdbcModelRegistry::requireTagKey);
        return jdbc.inTransaction(c -> {
            long id = requireModel(c, name);
            Jdbc.update(c, "UPDATE registered_models SET last_version = last_version + 1, last_update_ms = ? WHERE id = ?", now(), id);
            int version = Jdbc.query(c, "SELECT last_version FROM registered_models WHERE id = ?", rs -> rs.getInt(1), id).getFirst();
            Instant now = now();
            Jdbc.update(c, "INSERT INTO model_versions (model_id, version, source, run_id, status, description, user_id,"
                            + " creation_ms, last_update_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", id, version, source,
                    runId == null || runId.isEmpty() ? null : runId, ModelVersionStatus.READY, description, actor, now, now);
            for (Map.Entry<String, String> t : tags.entrySet()) {
                putVersionTag(c, id, version, t.getKey(), t.getValue());
            }
            audit(c, actor, name, "create-version", null,
                    version + " source=" + source + (runId == null || runId.isEmpty() ? "" : " run=" + runId), null);
            return reader.version(c, id, name, version).orElseThrow();
        });
    }

    @Override
    public Optional<ModelVersion> version(String name, int version) {
        return jdbc.inTransaction(c -> {
            Optional<Long> id = reader.modelId(c, name);
            return id.isEmpty() ? Optional.empty() : reader.version(c, id.get(), name, version);
        });
    }

    @Override
    public List<ModelVersion> versions(String name) {
        return jdbc.inTransaction(c -> reader.versions(c, "WHERE m.name = ?", name));
    }

    @Override
    public List<ModelVersion> searchVersions(String filter) {
        SearchFilter f = SearchFilter.parse(filter);
        List<ModelVersion> all = jdbc.inTransaction(c -> reader.versions(c, ""));
        return all.stream().filter(v -> f.matches(field -> versionField(v, field)))
                .sorted(Comparator.comparing(ModelVersion::name).thenComparing(ModelVersion::version, Comparator.reverseOrder()))
                .toList();
    }

    private static Object versionField(ModelVersion v, Field f) {
        return switch (f.entity()) {
            case TAG -> v.tags().get(f.key());
            case ATTRIBUTE -> switch (f.key()) {
                case "name" -> v.name();
                case "version", "version_number" -> (double) v.version();
                case "run_id" -> v.runId();
                case "source", "source_path" -> v.source();
                case "status" -> v.status().name();
                case "user_id" -> v.userId();
                case "description" -> v.description();
                case "creation_timestamp" -> (double) v.creationTime().toEpochMilli();
                case "last_updated_timestamp" -> (double) v.lastUpdatedTime().toEpochMilli();
                default -> throw new IllegalArgumentException("Invalid attribute key '" + f.key()
                        + "' for model versions. Valid values are name, version, run_id, source_path, status, user_id");
            };
            default -> throw new IllegalArgumentException("Model versions can be searched by attributes and tags, not " + f);
        };
    }

    @Override
    public ModelVersion setVersionDescription(String actor, String name, int version, String description) {
        return jdbc.inTransaction(c -> {
            long id = requireModel(c, name);
            ModelVersion old = requireVersion(c, id, name, version);
            Jdbc.update(c, "UPDATE model_versions SET description = ?, last_update_ms = ? WHERE model_id = ? AND version = ?",
                    description, now(), id, version);
            audit(c, actor, name, "set-version-description", version + " " + old.description(), version + " " + description, null);
            return reader.version(c, id, name, version).orElseThrow();
        });
    }

    @Override
    public void deleteVersion(String actor, String name, int version) {
        jdbc.inTransaction(c -> {
            long id = requireModel(c, name);
            ModelVersion old = requireVersion(c, id, name, version);
            Jdbc.update(c, "DELETE FROM model_aliases WHERE model_id = ? AND version = ?", id, version);
            Jdbc.update(c, "DELETE FROM model_version_tags WHERE model_id = ? AND version = ?", id, version);
            Jdbc.update(c, "DELETE FROM model_versions WHERE model_id = ? AND version = ?", id, version);
            touch(c, id);
            audit(c, actor, name, "delete-version", version + (old.aliases().isEmpty() ? "" : " aliases=" + old.aliases()), null, null);
            endStaleRollout(c, id, name, actor, "version " + version + " was deleted");
            return null;
        });
    }

    @Override
    public void setVersionTag(String actor, String name, int version, String key, String value) {
        requireTagKey(key);
        jdbc.inTransaction(c -> {
            long id = requireModel(c, name);
            String old = requireVersion(c, id, name, version).tags().get(key);
            putVersionTag(c, id, version, key, value == null ? "" : value);
            audit(c, actor, name, "set-version-tag", old == null ? null : version + " " + key + "=" + old,
                    version + " " + key + "=" + value, null);
            return null;
        });
    }

    @Override
    public void deleteVersionTag(String actor, String name, int version, String key) {
        jdbc.inTransaction(c -> {
            long id = requireModel(c, name);
            String old = requireVersion(c, id, name, version).tags().get(key);
            if (old == null) {
                throw new NotFoundException("Model version " + name + "/" + version + " has no tag " + key);
            }
            Jdbc.update(c, "DELETE FROM model_version_tags WHERE model_id = ? AND version = ? AND tag_key = ?", id, version, key);
            audit(c, actor, name, "delete-version-tag", version + " " + key + "=" + old, null, null);
            return null;
        });
    }

    @Override
    public void setAlias(String actor, String name, String alias, int version, String reason) {
        if (alias == null || !alias.matches("[A-Za-z0-9_-]{1,250}") || alias.matches("(?i)latest|v[0-9]+")) {
            throw new IllegalArgumentException("Invalid alias '" + alias + "': use letters, digits, _ and -;"
                    + " 'latest' and v<number> are reserved");
        }
        jdbc.inTransaction(c -> {
            long id = requireModel(c, name);
            requireVersion(c, id, name, version);
            Optional<Integer> old = reader.alias(c, id, alias);
            if (old.isPresent() && old.get() == version) {
                return null;
            }
            Jdbc.update(c, "INSERT INTO model_aliases (model_id, alias, version) VALUES (?, ?, ?)"
                    + " ON CONFLICT (model_id, alias) DO UPDATE SET version = excluded.version", id, alias, version);
            touch(c, id);
            audit(c, actor, name, "set-alias", old.map(v -> alias + "=" + v).orElse(null), alias + "=" + version, reason);
            endStaleRollout(c, id, name, actor, alias + " moved to v" + version + (reason == null ? "" : " (" + reason + ")"));
            return null;
        });
    }

    @Override
    public void deleteAlias(String actor, String name, String alias) {
        jdbc.inTransaction(c -> {
            long id = requireModel(c, name);
            int old = reader.alias(c, id, alias).orElseThrow(() ->
                    new NotFoundException("Registered model alias " + alias + " not found for model " + name));
            Jdbc.update(c, "DELETE FROM model_aliases WHERE model_id = ? AND alias = ?", id, alias);
            touch(c, id);
            audit(c, actor, name, "delete-alias", alias + "=" + old, null, null);
            endStaleRollout(c, id, name, actor, "alias " + alias + " was deleted");
            return null;
        });
    }

    /*
     * A person's shadow or canary whose challenger this change made the champion, or left naming no version,
     * would go on reading "shadow 2" while every server serves the champion alone. It ends here, in the change's
     * transaction, the one place every alias move and version deletion goes through (console, CLI, MLflow API).
     * The pipeline's own plan is left to the pipeline, whose promote and rollback end it.
     */
    private void endStaleRollout(Connection c, long id, String name, String actor, String change) throws SQLException {
        Optional<RolloutRepository.Stored> stored = activeRollout(c, name);
        if (stored.isEmpty() || stored.get().plan().actor().equals(RolloutPlan.PIPELINE_ACTOR)) {
            return;
        }
        String named = stored.get().plan().challenger();
        Optional<Integer> challenger = named.matches("[0-9]{1,9}")
                ? reader.version(c, id, name, Integer.parseInt(named)).map(ModelVersion::version)
                : reader.alias(c, id, named);
        String why;
        if (challenger.isEmpty()) {
            why = "roll-out ended: its challenger '" + named + "' names no version of " + name + " any more; " + change;
        } else if (challenger.equals(reader.alias(c, id, CHAMPION))) {
            why = "roll-out ended: its challenger v" + challenger.get() + " is now the champion; " + change;
        } else {
            return;
        }
        JdbcRolloutRepository.end(c, stored.get(), actor, now(), why);
    }

    /*
     * A deleted model's plan, whoever wrote it, pipeline included, ends with it: left standing, a new model
     * created later under the same name would start under the old shadow or canary. Ended rather than removed,
     * so the row's write number goes on counting and a pipeline's compare-and-set on the number it read fails.
     */
    private void endRollout(Connection c, String name, String actor, String change) throws SQLException {
        Optional<RolloutRepository.Stored> stored = activeRollout(c, name);
        if (stored.isPresent()) {
            JdbcRolloutRepository.end(c, stored.get(), actor, now(), "roll-out ended: " + change);
        }
    }

    private static Optional<RolloutRepository.Stored> activeRollout(Connection c, String name) throws SQLException {
        return JdbcRolloutRepository.stored(c, name).filter(s -> s.plan().mode() != RolloutPlan.Mode.NONE);
    }

    @Override
    public Optional<ModelVersion> versionByAlias(String name, String alias) {
        return jdbc.inTransaction(c -> {
            Optional<Long> id = reader.modelId(c, name);
            if (id.isEmpty()) {
                return Optional.empty();
            }
            Optional<Integer> v = reader.alias(c, id.get(), alias);
            return v.isEmpty() ? Optional.empty() : reader.version(c, id.get(), name, v.get());
        });
    }

    @Override
    public List<AuditEntry> history(String name) {
        List<AuditEntry> out = new ArrayList<>();
        collectHistory(name, Long.MAX_VALUE, new HashSet<>(), out);
        out.sort(Comparator.comparingLong(AuditEntry::seq));
        return out;
    }

    /** Entries under {@code name} before {@code untilSeq}, following renames back to former names. */
    private void collectHistory(String name, long untilSeq, Set<String> seen, List<AuditEntry> out) {
        if (!seen.add(name)) {
            return;
        }
        List<AuditEntry> mine = jdbc.query("SELECT seq, at_ms, actor, entity_type, entity_id, action, before_value,"
                + " after_value, reason FROM audit_log WHERE entity_type = ? AND entity_id = ? AND seq < ? ORDER BY seq",
                JdbcAuditLog::map, ENTITY, name, untilSeq);
        // a model deleted and created again under this name starts a new history
        long from = mine.stream().filter(e -> e.change().action().equals("delete-model")).mapToLong(AuditEntry::seq).max().orElse(-1);
        for (AuditEntry e : mine) {
            if (e.seq() <= from) {
                continue;
            }
            out.add(e);
            if (e.change().action().equals("rename") && e.change().before() != null) {
                collectHistory(e.change().before(), e.seq(), seen, out);
            }
        }
    }

    /** The model's id, its row locked until the transaction ends (every caller is about to write to the model). */
    private long requireModel(Connection c, String name) throws SQLException {
        long id = reader.modelId(c, name).orElseThrow(() -> notFound(name));
        // an update that changes nothing takes the row lock on PostgreSQL; what the caller reads next is what
        // the writer it waited for committed. 0 rows: the model was deleted meanwhile
        if (Jdbc.update(c, "UPDATE registered_models SET last_version = last_version WHERE id = ?", id) == 0) {
            throw notFound(name);
        }
        return id;
    }

    private static NotFoundException notFound(String name) {
        return new NotFoundException("Registered Model with name=" + name + " not found");
    }

    private ModelVersion requireVersion(Connection c, long id, String name, int version) throws SQLException {
        return reader.version(c, id, name, version).orElseThrow(() ->
                new NotFoundException("Model Version (name=" + name + ", version=" + version + ") not found"));
    }

    private void touch(Connection c, long id) throws SQLException {
        Jdbc.update(c, "UPDATE registered_models SET last_update_ms = ? WHERE id = ?", now(), id);
    }

    private static void putTag(Connection c, long id, String key, String value) throws SQLException {
        Jdbc.update(c, "INSERT INTO registered_model_tags (model_id, tag_key, tag_value) VALUES (?, ?, ?)"
                + " ON CONFLICT (model_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value", id, key, value);
    }

    private static void putVersionTag(Connection c, long id, int version, String key, String value) throws SQLException {
        Jdbc.update(c, "INSERT INTO model_version_tags (model_id, version, tag_key, tag_value) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (model_id, version, tag_key) DO UPDATE SET tag_value = excluded.tag_value", id, version, key, value);
    }

    private static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Missing value for name");
        }
        if (name.length() > MAX_KEY) {
            throw new IllegalArgumentException("Invalid model name: " + name.length() + " characters, at most " + MAX_KEY);
        }
        if (name.contains("/") || name.contains("@")) {
            throw new IllegalArgumentException("Invalid model name '" + name + "': '/' and '@' are not allowed,"
                    + " they separate versions and aliases in model references");
        }
        // '.' and '..' are path segments: /models/NAME and /v1/models/NAME/package could never reach them
        if (name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("Invalid model name '" + name + "': '.' and '..' cannot be a name in a URL path");
        }
        // NUL is refused by PostgreSQL (a 500 there, stored here); line breaks would forge lines in logs and CLI tables
        if (name.codePoints().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("Invalid model name: control characters (NUL, line breaks, tabs) are not allowed");
        }
    }

    private static void requireTagKey(String key) {
        JdbcTrackingStore.requireText(key, "tag key");
        if (key.length() > MAX_KEY) {
            throw new IllegalArgumentException("Invalid tag key: " + key.length() + " characters, at most " + MAX_KEY);
        }
    }
}
