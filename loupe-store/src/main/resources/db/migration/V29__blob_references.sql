-- Retention deletes a logged image only when no record refers to it any more (JdbcBlobReferences): the
-- prediction log is asked by image, and the pack index by pack. Only rows with an image are indexed.
CREATE INDEX prediction_log_image ON prediction_log (image_blob) WHERE image_blob IS NOT NULL;
CREATE INDEX packed_image_pack ON packed_image (pack_sha256);
