-- Immutable dataset versions and their samples; the image bytes live in the blob store.
-- A version's id is a content hash (64 hex digits); (name, id) is unique, seq orders versions by creation.
CREATE TABLE dataset_version (
    seq           ${id_pk},
    name          VARCHAR(100) NOT NULL,
    id            CHAR(64)     NOT NULL,
    parent        VARCHAR(200),
    source        TEXT         NOT NULL,
    created_by    VARCHAR(200) NOT NULL,
    created_at_ms BIGINT       NOT NULL,
    sample_count  INTEGER      NOT NULL,
    label_counts  TEXT         NOT NULL, -- JSON object: label -> count ("" for unlabelled)
    split_counts  TEXT         NOT NULL, -- JSON object: train|validation|test -> count
    CONSTRAINT dataset_version_name_id UNIQUE (name, id)
);

-- One row per image. Decoded images carry format, size and statistics; unreadable ones a reason.
CREATE TABLE dataset_sample (
    version_seq       BIGINT        NOT NULL REFERENCES dataset_version (seq),
    path              VARCHAR(1000) NOT NULL,
    blob              CHAR(64)      NOT NULL,
    label             VARCHAR(200),
    annotations       TEXT          NOT NULL, -- JSON object: annotator -> label
    split             VARCHAR(20)   NOT NULL,
    metadata          TEXT          NOT NULL, -- JSON object: column -> value
    format            VARCHAR(10),
    width             INTEGER,
    height            INTEGER,
    channels          INTEGER,
    brightness        ${double},
    contrast          ${double},
    sharpness         ${double},
    red               ${double},
    green             ${double},
    blue              ${double},
    saturation        ${double},
    unreadable_reason TEXT,
    PRIMARY KEY (version_seq, path)
);
CREATE INDEX dataset_sample_blob ON dataset_sample (blob);
