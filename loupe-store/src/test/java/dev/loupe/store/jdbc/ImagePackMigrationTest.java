package dev.loupe.store.jdbc;

import dev.loupe.core.store.BlobId;
import dev.loupe.core.store.MetadataStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V32 on both databases: every pack the index knows is recorded as written, at its latest placement (long ago when
 * placed before V31), so retention's sweep finds a pack whose predictions were never written even if it was written
 * before the upgrade.
 */
class ImagePackMigrationTest {
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);
    private static final String C = "c".repeat(64);
    private static final String PACK = "1".repeat(64);
    private static final String OLD_PACK = "2".repeat(64);

    @TempDir
    Path dir;

    @Test
    void open_sqliteWithPacks_recordsEachAsWrittenAtItsLatestPlacement() throws Exception {
        check(OlderSchema.sqlite(dir, "31"));
    }

    @Test
    void open_postgresWithPacks_recordsEachAsWrittenAtItsLatestPlacement() throws Exception {
        check(OlderSchema.postgres("31"));
    }

    private static void check(OlderSchema db) throws Exception {
        db.sql("INSERT INTO packed_image (image_sha256, pack_sha256, byte_offset, byte_length, packed_ms)"
                        + " VALUES ('" + A + "', '" + PACK + "', 0, 1, 1000)",
                "INSERT INTO packed_image (image_sha256, pack_sha256, byte_offset, byte_length, packed_ms)"
                        + " VALUES ('" + B + "', '" + PACK + "', 1, 1, 2000)",
                "INSERT INTO packed_image (image_sha256, pack_sha256, byte_offset, byte_length)"
                        + " VALUES ('" + C + "', '" + OLD_PACK + "', 0, 1)");

        try (MetadataStore store = db.open()) {
            var packs = store.packedImages();
            assertThat(packs.unloggedPacks(Instant.ofEpochMilli(2000), Optional.empty(), 10))
                    .as("placed before V31: long ago; the other pack's latest placement is at 2000")
                    .isEqualTo(Map.of(BlobId.of(OLD_PACK), Set.of(BlobId.of(C))));
            assertThat(packs.unloggedPacks(Instant.ofEpochMilli(2001), Optional.empty(), 10))
                    .containsOnlyKeys(BlobId.of(PACK), BlobId.of(OLD_PACK)).containsEntry(BlobId.of(PACK), Set.of(BlobId.of(A), BlobId.of(B)));
            assertThat(packs.emptyPacks(Instant.ofEpochMilli(2001), Optional.empty(), 10)).isEmpty();
            assertThat(store.schema().applied()).contains("V32__image_pack");
        }
    }
}
