-- A prediction served from an already preprocessed tensor (OIP v2 with FP32 data) has no image, hence no
-- per-image statistics: the statistics columns become nullable. SQLite cannot drop NOT NULL in place, so the
-- table is rebuilt (the same statements work on PostgreSQL). Rows are copied in stream order, so the new
-- seq values keep (at_ms, seq) order and the identity column continues after them.
CREATE TABLE prediction_log_v24 (
    seq           ${id_pk},
    at_ms         BIGINT       NOT NULL,
    model         VARCHAR(100) NOT NULL,
    version       VARCHAR(100) NOT NULL,
    station       VARCHAR(200) NOT NULL,
    request_id    VARCHAR(200) NOT NULL,
    brightness    ${double},
    contrast      ${double},
    sharpness     ${double},
    red           ${double},
    green         ${double},
    blue          ${double},
    saturation    ${double},
    score         ${double}    NOT NULL,
    label         VARCHAR(200) NOT NULL,
    decision      VARCHAR(20)  NOT NULL,
    latency_ns    BIGINT       NOT NULL,
    image_blob    VARCHAR(64),
    embedding     ${blob}
);
INSERT INTO prediction_log_v24 (at_ms, model, version, station, request_id, brightness, contrast, sharpness, red, green,
                                blue, saturation, score, label, decision, latency_ns, image_blob, embedding)
SELECT at_ms, model, version, station, request_id, brightness, contrast, sharpness, red, green, blue, saturation, score,
       label, decision, latency_ns, image_blob, embedding
FROM prediction_log ORDER BY at_ms, seq;
DROP TABLE prediction_log;
ALTER TABLE prediction_log_v24 RENAME TO prediction_log;
CREATE INDEX prediction_log_model_time ON prediction_log (model, at_ms, seq);
CREATE INDEX prediction_log_time ON prediction_log (at_ms);
CREATE INDEX prediction_log_request ON prediction_log (request_id);
