-- Every pack the prediction log wrote, and when (epoch ms; the last time, should the same batch's bytes be written
-- again). PackedImages.add inserts it in the transaction that indexes the pack's images, and forgetPack deletes it
-- with them. Retention sweeps this table for the packs it would otherwise never meet: those whose every image was
-- logged again in a newer pack (no packed_image row points at them any more), and those whose predictions were
-- never written (no prediction refers to their images).
CREATE TABLE image_pack (
    pack_sha256 VARCHAR(64) NOT NULL PRIMARY KEY,
    written_ms  BIGINT      NOT NULL
);
-- The sweep reads the packs in id order, a page at a time, for their time: from this index alone (SQLite read a
-- million rows in 4.8 s through the primary key and the table, 0.17 s through this).
CREATE INDEX image_pack_written ON image_pack (pack_sha256, written_ms);
-- The packs the index still knows; a pack whose rows all moved to newer packs before this migration is not
-- among them, and is never found. MAX: the latest placement, so the grace period counts from it; 0 for rows
-- written before V31 (long ago).
INSERT INTO image_pack (pack_sha256, written_ms)
    SELECT pack_sha256, COALESCE(MAX(packed_ms), 0) FROM packed_image GROUP BY pack_sha256;
