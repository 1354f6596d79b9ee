package dev.loupe.store.jdbc;

import dev.loupe.core.monitoring.PackedImages;
import dev.loupe.core.store.BlobId;

import java.sql.PreparedStatement;
import java.util.List;
import java.util.Optional;

/** {@link PackedImages} over the {@code packed_image} table (SQLite and PostgreSQL: the same upsert syntax). */
final class JdbcPackedImages implements PackedImages {

    private final Jdbc jdbc;

    JdbcPackedImages(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void add(List<PackedImage> images) {
        if (images.isEmpty()) {
            return;
        }
        jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO packed_image (image_sha256, pack_sha256, byte_offset,"
                    + " byte_length) VALUES (?, ?, ?, ?) ON CONFLICT (image_sha256) DO NOTHING")) {
                for (PackedImage p : images) {
                    Jdbc.bind(ps, p.image().sha256(), p.pack().sha256(), p.offset(), p.length());
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
}
