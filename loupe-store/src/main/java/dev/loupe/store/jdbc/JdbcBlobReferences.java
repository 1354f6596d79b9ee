package dev.loupe.store.jdbc;

import dev.loupe.core.store.BlobId;
import dev.loupe.core.store.BlobReferences;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@link BlobReferences} over every column of the schema that holds a blob id. {@code BlobColumnsTest} reads
 * the migrated schema and fails when a column that looks like one is in neither {@link #COLUMNS} nor its
 * list of columns that hold something else.
 */
final class JdbcBlobReferences implements BlobReferences {

    /**
     * The columns that refer to blobs, as {@code table.column}, and the prefixes an id is written with there
     * ({@code ""}: the bare id). A model version's source may name its package {@code blob:sha256:<id>},
     * {@code sha256:<id>}, {@code blob:<id>} or by the bare id ({@code ModelResolver}).
     */
    static final List<Column> COLUMNS = List.of(
            new Column("prediction_log", "image_blob", ""),
            new Column("dataset_sample", "blob", ""),
            new Column("run_artifacts", "blob_id", ""),
            new Column("monitor_reference", "blob_id", ""),
            new Column("model_versions", "source", "", "sha256:", "blob:", "blob:sha256:"));

    record Column(String table, String name, String... prefixes) {
        String qualified() {
            return table + "." + name;
        }
    }

    private final Jdbc jdbc;

    JdbcBlobReferences(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Set<BlobId> unreferenced(Collection<BlobId> ids) {
        Set<BlobId> free = new LinkedHashSet<>(ids);
        for (Column col : COLUMNS) {
            List<String> values = free.stream().flatMap(id -> Arrays.stream(col.prefixes()).map(p -> p + id.sha256())).toList();
            for (List<String> in : Jdbc.chunks(values)) {
                // only values equal to a prefix and an id come back, so the id is their last 64 characters
                jdbc.query("SELECT DISTINCT " + col.name() + " FROM " + col.table() + " WHERE " + col.name() + " IN ("
                        + Jdbc.marks(in.size()) + ")", rs -> rs.getString(1), in.toArray())
                        .forEach(v -> free.remove(BlobId.of(v.substring(v.length() - 64))));
            }
        }
        return free;
    }
}
