package dev.loupe.store.jdbc;

import dev.loupe.core.monitoring.PackedImages;
import dev.loupe.core.store.BlobId;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;

/**
 * {@link PackedImages} over the {@code packed_image} and {@code image_pack} tables (SQLite and PostgreSQL: the same
 * upsert syntax; V25, V29, V31, V32). Which packs no logged prediction refers to is a join with {@code prediction_log}.
 */
final class JdbcPackedImages implements PackedImages {

    private final Jdbc jdbc;
    private final Clock clock;

    JdbcPackedImages(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void add(List<PackedImage> images) {
        if (images.isEmpty()) {
            return;
        }
        jdbc.inTransaction(c -> {
            Instant now = clock.instant();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO packed_image (image_sha256, pack_sha256, byte_offset,"
                    + " byte_length, packed_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (image_sha256) DO UPDATE SET"
                    + " pack_sha256 = excluded.pack_sha256, byte_offset = excluded.byte_offset, byte_length = excluded.byte_length,"
                    + " packed_ms = excluded.packed_ms")) {
                for (PackedImage p : images) {
                    Jdbc.bind(ps, p.image().sha256(), p.pack().sha256(), p.offset(), p.length(), now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO image_pack (pack_sha256, written_ms) VALUES (?, ?)"
                    + " ON CONFLICT (pack_sha256) DO UPDATE SET written_ms = excluded.written_ms")) {
                for (String pack : images.stream().map(p -> p.pack().sha256()).distinct().toList()) {
                    Jdbc.bind(ps, pack, now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public Optional<PackedImage> find(BlobId image) {
        return jdbc.queryOne("SELECT pack_sha256, byte_offset, byte_length FROM packed_image WHERE image_sha256 = ?",
                rs -> new PackedImage(image, BlobId.of(rs.getString("pack_sha256")), rs.getLong("byte_offset"),
                        rs.getInt("byte_length")), image.sha256());
    }

    @Override
    public Map<BlobId, Set<BlobId>> packsHolding(Collection<BlobId> images, Instant placedBefore) {
        Map<BlobId, Set<BlobId>> packs = new HashMap<>();
        Set<BlobId> recent = new HashSet<>();
        for (List<String> chunk : Jdbc.chunks(images.stream().map(BlobId::sha256).toList())) {
            jdbc.query("SELECT pack_sha256, image_sha256, packed_ms FROM packed_image WHERE pack_sha256 IN (SELECT pack_sha256"
                            + " FROM packed_image WHERE image_sha256 IN (" + Jdbc.marks(chunk.size()) + "))",
                    rs -> {
                        BlobId pack = BlobId.of(rs.getString(1));
                        packs.computeIfAbsent(pack, p -> new HashSet<>()).add(BlobId.of(rs.getString(2)));
                        Instant placed = Jdbc.instant(rs, "packed_ms"); // null: placed before V31, long ago
                        if (placed != null && !placed.isBefore(placedBefore)) {
                            recent.add(pack);
                        }
                        return null;
                    },
                    chunk.toArray());
        }
        packs.keySet().removeAll(recent);
        return packs;
    }

    @Override
    public int forgetPack(BlobId pack) {
        return jdbc.inTransaction(c -> {
            int images = Jdbc.update(c, "DELETE FROM packed_image WHERE pack_sha256 = ?", pack.sha256());
            Jdbc.update(c, "DELETE FROM image_pack WHERE pack_sha256 = ?", pack.sha256());
            return images;
        });
    }

    @Override
    public List<BlobId> emptyPacks(Instant writtenBefore, Optional<BlobId> after, int limit) {
        return jdbc.query("SELECT w.pack_sha256 FROM image_pack w WHERE w.written_ms < ? AND w.pack_sha256 > ?"
                        + " AND NOT EXISTS (SELECT 1 FROM packed_image i WHERE i.pack_sha256 = w.pack_sha256)"
                        + " ORDER BY w.pack_sha256 LIMIT ?",
                rs -> BlobId.of(rs.getString(1)), writtenBefore, after.map(BlobId::sha256).orElse(""), limit);
    }

    @Override
    public SequencedMap<BlobId, Set<BlobId>> unloggedPacks(Instant writtenBefore, Optional<BlobId> after, int limit) {
        List<String> packs = jdbc.query("SELECT w.pack_sha256 FROM image_pack w WHERE w.written_ms < ? AND w.pack_sha256 > ?"
                        + " AND EXISTS (SELECT 1 FROM packed_image i WHERE i.pack_sha256 = w.pack_sha256)"
                        + " AND NOT EXISTS (SELECT 1 FROM packed_image i JOIN prediction_log p ON p.image_blob = i.image_sha256"
                        + " WHERE i.pack_sha256 = w.pack_sha256) ORDER BY w.pack_sha256 LIMIT ?",
                rs -> rs.getString(1), writtenBefore, after.map(BlobId::sha256).orElse(""), limit);
        SequencedMap<BlobId, Set<BlobId>> out = new LinkedHashMap<>();
        packs.forEach(p -> out.put(BlobId.of(p), new HashSet<>()));
        for (List<String> chunk : Jdbc.chunks(packs)) {
            jdbc.query("SELECT pack_sha256, image_sha256 FROM packed_image WHERE pack_sha256 IN (" + Jdbc.marks(chunk.size()) + ")",
                    rs -> out.get(BlobId.of(rs.getString(1))).add(BlobId.of(rs.getString(2))), chunk.toArray());
        }
        return out;
    }
}
