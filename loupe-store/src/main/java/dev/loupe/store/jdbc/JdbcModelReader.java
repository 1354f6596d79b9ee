package dev.loupe.store.jdbc;

import dev.loupe.core.registry.ModelVersion;
import dev.loupe.core.registry.ModelVersionStatus;
import dev.loupe.core.registry.RegisteredModel;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reads registry rows into {@link RegisteredModel} and {@link ModelVersion} records, inside a caller's transaction. */
final class JdbcModelReader {

    Optional<Long> modelId(Connection c, String name) throws SQLException {
        List<Long> ids = Jdbc.query(c, "SELECT id FROM registered_models WHERE name = ?", rs -> rs.getLong(1), name);
        return ids.isEmpty() ? Optional.empty() : Optional.of(ids.getFirst());
    }

    RegisteredModel model(Connection c, long id) throws SQLException {
        Map<String, String> tags = new HashMap<>();
        Jdbc.query(c, "SELECT tag_key, tag_value FROM registered_model_tags WHERE model_id = ?",
                rs -> tags.put(rs.getString(1), rs.getString(2)), id);
        TreeMap<String, Integer> aliases = new TreeMap<>();
        Jdbc.query(c, "SELECT alias, version FROM model_aliases WHERE model_id = ?",
                rs -> aliases.put(rs.getString(1), rs.getInt(2)), id);
        int latest = Jdbc.query(c, "SELECT MAX(version) FROM model_versions WHERE model_id = ?", rs -> rs.getInt(1), id).getFirst();
        return Jdbc.query(c, "SELECT name, description, creation_ms, last_update_ms FROM registered_models WHERE id = ?",
                rs -> new RegisteredModel(rs.getString("name"), rs.getString("description"), Jdbc.instant(rs, "creation_ms"),
                        Jdbc.instant(rs, "last_update_ms"), tags, aliases, latest), id).getFirst();
    }

    Optional<Integer> alias(Connection c, long id, String alias) throws SQLException {
        List<Integer> v = Jdbc.query(c, "SELECT version FROM model_aliases WHERE model_id = ? AND alias = ?",
                rs -> rs.getInt(1), id, alias);
        return v.isEmpty() ? Optional.empty() : Optional.of(v.getFirst());
    }

    Optional<ModelVersion> version(Connection c, long id, String name, int version) throws SQLException {
        List<ModelVersion> v = versions(c, "WHERE v.model_id = ? AND v.version = ?", id, version);
        return v.isEmpty() ? Optional.empty() : Optional.of(v.getFirst());
    }

    /**
     * Versions selected by a WHERE clause over {@code model_versions v JOIN registered_models m}, by model
     * name then version, with their tags and aliases.
     */
    List<ModelVersion> versions(Connection c, String where, Object... args) throws SQLException {
        String from = " FROM model_versions v JOIN registered_models m ON m.id = v.model_id " + where;
        Map<String, Map<String, String>> tags = new HashMap<>();
        Jdbc.query(c, "SELECT t.model_id, t.version, t.tag_key, t.tag_value FROM model_version_tags t JOIN ("
                        + "SELECT v.model_id, v.version" + from + ") s ON s.model_id = t.model_id AND s.version = t.version",
                rs -> tags.computeIfAbsent(key(rs), k -> new HashMap<>()).put(rs.getString("tag_key"), rs.getString("tag_value")), args);
        Map<String, List<String>> aliases = new HashMap<>();
        Jdbc.query(c, "SELECT a.model_id, a.version, a.alias FROM model_aliases a JOIN ("
                        + "SELECT v.model_id, v.version" + from + ") s ON s.model_id = a.model_id AND s.version = a.version",
                rs -> aliases.computeIfAbsent(key(rs), k -> new ArrayList<>()).add(rs.getString("alias")), args);
        return Jdbc.query(c, "SELECT v.model_id, m.name, v.version, v.source, v.run_id, v.status, v.description, v.user_id,"
                        + " v.creation_ms, v.last_update_ms" + from + " ORDER BY m.name, v.version",
                rs -> new ModelVersion(rs.getString("name"), rs.getInt("version"), rs.getString("source"), rs.getString("run_id"),
                        ModelVersionStatus.valueOf(rs.getString("status")), rs.getString("description"),
                        tags.getOrDefault(key(rs), Map.of()), aliases.getOrDefault(key(rs), List.of()),
                        Jdbc.instant(rs, "creation_ms"), Jdbc.instant(rs, "last_update_ms"), rs.getString("user_id")), args);
    }

    private static String key(ResultSet rs) throws SQLException {
        return rs.getLong("model_id") + "/" + rs.getInt("version");
    }
}
