-- Images kept by the prediction log are written in packs, one blob per written batch with the
-- images back to back; this says where each image (by its own SHA-256) lies in its pack.
CREATE TABLE packed_image (
    image_sha256 VARCHAR(64) NOT NULL PRIMARY KEY,
    pack_sha256  VARCHAR(64) NOT NULL,
    byte_offset  BIGINT      NOT NULL,
    byte_length  INTEGER     NOT NULL
);
