package dev.loupe.store.jdbc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds {@link JdbcBlobReferences#COLUMNS} to the migrated schema: every column whose name says it may hold a
 * blob id is either checked before a blob is deleted or listed here with what it holds instead. A migration
 * that adds such a column fails this test until it is put in one list or the other, so retention can never
 * delete a blob that a new kind of record points at.
 */
class BlobColumnsTest {

    private static final Pattern MAY_NAME_A_BLOB = Pattern.compile("(^|_)(blob|sha256|source|uri|location|digest|hash)(_|$)");

    /** Columns that look like blob ids but are not: what each holds. */
    private static final Map<String, String> NOT_BLOBS = Map.ofEntries(
            Map.entry("dataset_version.source", "the folder or manifest a version was imported from"),
            Map.entry("experiments.artifact_location", "an MLflow artifact root URI"),
            Map.entry("runs.artifact_uri", "an MLflow artifact root URI"),
            Map.entry("run_inputs.source", "a dataset input's source, as MLflow logs it"),
            Map.entry("run_inputs.source_type", "a dataset input's source kind"),
            Map.entry("run_inputs.digest", "a dataset version's digest, not a blob"),
            Map.entry("feedback.source", "who or what gave the label"),
            Map.entry("packed_image.image_sha256", "the pack index itself, which reclaiming maintains"),
            Map.entry("packed_image.pack_sha256", "the pack index itself, which reclaiming maintains"),
            Map.entry("image_pack.pack_sha256", "the packs written, which reclaiming and the sweep maintain"),
            Map.entry("api_token.secret_hash", "a token secret's hash"),
            Map.entry("console_session.id_hash", "a console session id's hash"));

    @TempDir
    Path dir;

    @Test
    void everyColumnThatMayNameABlob_isCheckedOrSaysWhatItHolds() throws Exception {
        Path db = dir.resolve("loupe.db");
        new SqliteMetadataStore(db).close();
        Set<String> candidates = new TreeSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery("SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p"
                     + " WHERE m.type = 'table' AND m.name NOT LIKE 'flyway%' AND m.name NOT LIKE 'sqlite%'")) {
            while (rs.next()) {
                String column = rs.getString(1) + "." + rs.getString(2);
                if (MAY_NAME_A_BLOB.matcher(rs.getString(2)).find()) {
                    candidates.add(column);
                }
            }
        }
        Set<String> checked = JdbcBlobReferences.COLUMNS.stream().map(JdbcBlobReferences.Column::qualified)
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(checked).as("checked columns exist").isSubsetOf(candidates);
        assertThat(NOT_BLOBS.keySet()).as("excused columns exist").isSubsetOf(candidates);
        Set<String> unclassified = new TreeSet<>(candidates);
        unclassified.removeAll(checked);
        unclassified.removeAll(NOT_BLOBS.keySet());
        assertThat(unclassified).as("columns that may name a blob: add each to JdbcBlobReferences.COLUMNS, or to NOT_BLOBS"
                + " with what it holds").isEmpty();
    }
}
