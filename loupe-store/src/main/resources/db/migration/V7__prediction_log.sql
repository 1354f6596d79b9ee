-- The prediction log: one row per prediction served (statistics, not images), and feedback labels.
-- Stream order is (at_ms, seq). Images are kept only when sampled, in the blob store (image_blob).
CREATE TABLE prediction_log (
    seq           ${id_pk},
    at_ms         BIGINT       NOT NULL,
    model         VARCHAR(100) NOT NULL,
    version       VARCHAR(100) NOT NULL,
    station       VARCHAR(200) NOT NULL,
    request_id    VARCHAR(200) NOT NULL,
    brightness    ${double}    NOT NULL,
    contrast      ${double}    NOT NULL,
    sharpness     ${double}    NOT NULL,
    red           ${double}    NOT NULL,
    green         ${double}    NOT NULL,
    blue          ${double}    NOT NULL,
    saturation    ${double}    NOT NULL,
    score         ${double}    NOT NULL,
    label         VARCHAR(200) NOT NULL,
    decision      VARCHAR(20)  NOT NULL,
    latency_ns    BIGINT       NOT NULL,
    image_blob    VARCHAR(64)
);
CREATE INDEX prediction_log_model_time ON prediction_log (model, at_ms, seq);
CREATE INDEX prediction_log_time ON prediction_log (at_ms);
CREATE INDEX prediction_log_request ON prediction_log (request_id);

CREATE TABLE feedback (
    seq        ${id_pk},
    request_id VARCHAR(200) NOT NULL,
    label      VARCHAR(200) NOT NULL,
    source     VARCHAR(200) NOT NULL,
    at_ms      BIGINT       NOT NULL
);
CREATE INDEX feedback_request ON feedback (request_id, seq);
CREATE INDEX feedback_time ON feedback (at_ms);
