package dev.loupe.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.dataset.DatasetRef;
import dev.loupe.core.dataset.DatasetRepository;
import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.dataset.Sample;
import dev.loupe.core.dataset.Split;
import dev.loupe.core.image.ImageStats;
import dev.loupe.core.store.BlobId;
import dev.loupe.core.store.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link DatasetRepository} over the {@code dataset_version} and {@code dataset_sample} tables (see
 * {@code V2__datasets.sql}). Maps, such as label counts and a sample's metadata, are stored as JSON text.
 * Saving is one transaction; a concurrent save of the same version loses the race quietly (returns false).
 */
final class JdbcDatasetRepository implements DatasetRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> STRING_MAP = new TypeReference<>() {
    };
    private static final TypeReference<TreeMap<String, Integer>> COUNT_MAP = new TypeReference<>() {
    };
    private static final String VERSION_COLUMNS =
            "seq, name, id, parent, source, created_by, created_at_ms, sample_count, label_counts, split_counts";
    private static final int BATCH = 500;

    private final Jdbc jdbc;

    JdbcDatasetRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean save(DatasetVersion v, List<Sample> samples) {
        if (exists(v)) {
            return false;
        }
        try {
            return jdbc.inTransaction(c -> {
                if (!Jdbc.query(c, "SELECT seq FROM dataset_version WHERE name = ? AND id = ?",
                        rs -> rs.getLong(1), v.name(), v.id()).isEmpty()) {
                    return false;
                }
                long seq = Jdbc.insertReturningKey(c, "INSERT INTO dataset_version (name, id, parent, source, created_by,"
                                + " created_at_ms, sample_count, label_counts, split_counts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        v.name(), v.id(), v.parent().orElse(null), v.source(), v.createdBy(), v.createdAt(),
                        v.sampleCount(), json(new TreeMap<>(v.labelCounts())), json(splitCountsByName(v.splitCounts())));
                insertSamples(c, seq, samples);
                return true;
            });
        } catch (StoreException e) {
            // PostgreSQL: another writer saved the same version between our check and our insert
            if (Jdbc.uniqueViolation(e) && exists(v)) {
                return false;
            }
            throw e;
        }
    }

    private boolean exists(DatasetVersion v) {
        return jdbc.queryOne("SELECT seq FROM dataset_version WHERE name = ? AND id = ?", rs -> rs.getLong(1),
                v.name(), v.id()).isPresent();
    }

    private static void insertSamples(Connection c, long seq, List<Sample> samples) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dataset_sample (version_seq, path, blob, label,"
                + " annotations, split, metadata, format, width, height, channels, brightness, contrast, sharpness,"
                + " red, green, blue, saturation, unreadable_reason)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int pending = 0;
            for (Sample s : samples) {
                ps.setLong(1, seq);
                ps.setString(2, s.path());
                ps.setString(3, s.blob().sha256());
                ps.setString(4, s.label().orElse(null));
                ps.setString(5, json(new TreeMap<>(s.annotations())));
                ps.setString(6, s.split().lower());
                ps.setString(7, json(new TreeMap<>(s.metadata())));
                switch (s.image()) {
                    case Sample.ImageInfo.Decoded d -> {
                        ps.setString(8, d.format());
                        ps.setInt(9, d.width());
                        ps.setInt(10, d.height());
                        ps.setInt(11, d.channels());
                        double[] stats = d.stats().toArray();
                        for (int i = 0; i < stats.length; i++) {
                            ps.setDouble(12 + i, stats[i]);
                        }
                        ps.setNull(19, Types.VARCHAR);
                    }
                    case Sample.ImageInfo.Unreadable u -> {
                        for (int i = 8; i <= 18; i++) {
                            ps.setNull(i, i <= 8 ? Types.VARCHAR : i <= 11 ? Types.INTEGER : Types.DOUBLE);
                        }
                        ps.setString(19, u.reason());
                    }
                }
                ps.addBatch();
                if (++pending == BATCH) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
    }

    @Override
    public Optional<DatasetVersion> resolve(DatasetRef ref) {
        if (ref.version().isEmpty()) {
            return jdbc.queryOne("SELECT " + VERSION_COLUMNS + " FROM dataset_version WHERE name = ? ORDER BY seq DESC LIMIT 1",
                    JdbcDatasetRepository::mapVersion, ref.name());
        }
        String prefix = ref.version().get();
        List<DatasetVersion> found = jdbc.query("SELECT " + VERSION_COLUMNS + " FROM dataset_version"
                        + " WHERE name = ? AND id LIKE ? ORDER BY seq DESC LIMIT 5",
                JdbcDatasetRepository::mapVersion, ref.name(), prefix + "%");
        if (found.size() > 1) {
            throw new IllegalArgumentException("dataset version '" + ref + "' is ambiguous: it matches "
                    + found.stream().map(DatasetVersion::toString).toList() + "; give more digits");
        }
        return found.stream().findFirst();
    }

    @Override
    public List<DatasetVersion> list() {
        return jdbc.query("SELECT " + VERSION_COLUMNS + " FROM dataset_version ORDER BY seq DESC",
                JdbcDatasetRepository::mapVersion);
    }

    @Override
    public List<DatasetVersion> list(String name) {
        return jdbc.query("SELECT " + VERSION_COLUMNS + " FROM dataset_version WHERE name = ? ORDER BY seq DESC",
                JdbcDatasetRepository::mapVersion, name);
    }

    @Override
    public List<Sample> samples(DatasetVersion version) {
        return jdbc.query("SELECT s.* FROM dataset_sample s JOIN dataset_version v ON s.version_seq = v.seq"
                        + " WHERE v.name = ? AND v.id = ? ORDER BY s.path",
                JdbcDatasetRepository::mapSample, version.name(), version.id());
    }

    private static DatasetVersion mapVersion(ResultSet rs) throws SQLException {
        Map<Split, Integer> splits = new EnumMap<>(Split.class);
        parse(rs.getString("split_counts"), COUNT_MAP).forEach((k, n) -> splits.put(Split.parse(k), n));
        return new DatasetVersion(rs.getString("name"), rs.getString("id").strip(),
                Optional.ofNullable(rs.getString("parent")), rs.getString("source"), rs.getString("created_by"),
                Jdbc.instant(rs, "created_at_ms"), rs.getInt("sample_count"),
                parse(rs.getString("label_counts"), COUNT_MAP), splits);
    }

    private static Sample mapSample(ResultSet rs) throws SQLException {
        String reason = rs.getString("unreadable_reason");
        Sample.ImageInfo image = reason != null ? new Sample.ImageInfo.Unreadable(reason)
                : new Sample.ImageInfo.Decoded(rs.getString("format"), rs.getInt("width"), rs.getInt("height"),
                rs.getInt("channels"), new ImageStats(rs.getDouble("brightness"), rs.getDouble("contrast"),
                rs.getDouble("sharpness"), rs.getDouble("red"), rs.getDouble("green"), rs.getDouble("blue"),
                rs.getDouble("saturation")));
        return new Sample(rs.getString("path"), BlobId.of(rs.getString("blob").strip()),
                Optional.ofNullable(rs.getString("label")), parse(rs.getString("annotations"), STRING_MAP),
                Split.parse(rs.getString("split")), parse(rs.getString("metadata"), STRING_MAP), image);
    }

    private static Map<String, Integer> splitCountsByName(Map<Split, Integer> counts) {
        Map<String, Integer> out = new TreeMap<>();
        counts.forEach((split, n) -> out.put(split.lower(), n));
        return out;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    private static <T> T parse(String text, TypeReference<T> type) throws SQLException {
        try {
            return JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new SQLException("corrupt JSON column: " + e.getOriginalMessage(), e);
        }
    }
}
