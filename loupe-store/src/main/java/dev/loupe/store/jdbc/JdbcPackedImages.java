package dev.loupe.store.jdbc;

import dev.loupe.core.monitoring.PackedImages;
import dev.loupe.core.store.BlobId;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@link PackedImages} over the {@code packed_image} table (SQLite and PostgreSQL: the same upsert syntax; V25, V29). */
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
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO packed_image (image_sha256, pack_sha256, byte_offset,"
                    + " byte_length, packed_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (image_sha256) DO UPDATE SET"
                    + " pack_sha256 = excluded.pack_sha256, byte_offset = excluded.byte_offset, byte_length = excluded.byte_length,"
                    + " packed_ms = excluded.packed_ms")) {
                Instant now = clock.instant();
                for (PackedImage p : images) {
                    Jdbc.bind(ps, p.image().sha256(), p.pack().sha256(), p.offset(), p.length(), now);
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
        return jdbc.update("DELETE FROM packed_image WHERE pack_sha256 = ?", pack.sha256());
    }
}
