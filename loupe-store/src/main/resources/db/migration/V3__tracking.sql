-- Experiment tracking, after MLflow's tracking store: experiments, runs, and what runs logged.
-- Times are epoch milliseconds. ${id_pk}/${double} are spelled per database (see JdbcMetadataStore).
CREATE TABLE experiments (
    id                ${id_pk},
    name              VARCHAR(500) NOT NULL UNIQUE,
    artifact_location TEXT,
    lifecycle_stage   VARCHAR(20)  NOT NULL,
    creation_ms       BIGINT       NOT NULL,
    last_update_ms    BIGINT       NOT NULL
);
-- MLflow clients create runs in experiment 0 when they name none.
INSERT INTO experiments (id, name, artifact_location, lifecycle_stage, creation_ms, last_update_ms)
VALUES (0, 'Default', NULL, 'active', 0, 0);

CREATE TABLE experiment_tags (
    experiment_id BIGINT       NOT NULL REFERENCES experiments (id),
    tag_key       VARCHAR(250) NOT NULL,
    tag_value     TEXT         NOT NULL,
    PRIMARY KEY (experiment_id, tag_key)
);

CREATE TABLE runs (
    run_id          VARCHAR(32)  NOT NULL PRIMARY KEY,
    experiment_id   BIGINT       NOT NULL REFERENCES experiments (id),
    run_name        VARCHAR(250),
    user_id         VARCHAR(250),
    status          VARCHAR(20)  NOT NULL,
    start_ms        BIGINT,
    end_ms          BIGINT,
    artifact_uri    TEXT,
    lifecycle_stage VARCHAR(20)  NOT NULL
);
CREATE INDEX runs_experiment ON runs (experiment_id);

-- Every logged value; identical points are kept once (the primary key), as in MLflow.
-- NaN is stored as value 0 with is_nan 1: SQLite has no NaN.
CREATE TABLE run_metrics (
    run_id       VARCHAR(32)  NOT NULL REFERENCES runs (run_id),
    metric_key   VARCHAR(250) NOT NULL,
    value        ${double}    NOT NULL,
    is_nan       INTEGER      NOT NULL,
    timestamp_ms BIGINT       NOT NULL,
    step         BIGINT       NOT NULL,
    PRIMARY KEY (run_id, metric_key, step, timestamp_ms, value, is_nan)
);

-- The current value of each metric (highest step, then latest time), kept on write.
CREATE TABLE run_latest_metrics (
    run_id       VARCHAR(32)  NOT NULL REFERENCES runs (run_id),
    metric_key   VARCHAR(250) NOT NULL,
    value        ${double}    NOT NULL,
    is_nan       INTEGER      NOT NULL,
    timestamp_ms BIGINT       NOT NULL,
    step         BIGINT       NOT NULL,
    PRIMARY KEY (run_id, metric_key)
);

CREATE TABLE run_params (
    run_id      VARCHAR(32)  NOT NULL REFERENCES runs (run_id),
    param_key   VARCHAR(250) NOT NULL,
    param_value TEXT         NOT NULL,
    PRIMARY KEY (run_id, param_key)
);

CREATE TABLE run_tags (
    run_id    VARCHAR(32)  NOT NULL REFERENCES runs (run_id),
    tag_key   VARCHAR(250) NOT NULL,
    tag_value TEXT         NOT NULL,
    PRIMARY KEY (run_id, tag_key)
);

-- Dataset versions a run used (MLflow's dataset inputs), e.g. phone-covers@<version id>.
CREATE TABLE run_inputs (
    run_id       VARCHAR(32)  NOT NULL REFERENCES runs (run_id),
    ordinal      INTEGER      NOT NULL,
    dataset_name VARCHAR(500) NOT NULL,
    digest       VARCHAR(100) NOT NULL,
    source_type  VARCHAR(100) NOT NULL,
    source       TEXT         NOT NULL,
    context      VARCHAR(100),
    PRIMARY KEY (run_id, dataset_name, digest)
);

-- Files a run produced; the bytes are blobs in the blob store.
CREATE TABLE run_artifacts (
    run_id     VARCHAR(32)   NOT NULL REFERENCES runs (run_id),
    path       VARCHAR(1000) NOT NULL,
    blob_id    CHAR(64)      NOT NULL,
    size_bytes BIGINT        NOT NULL,
    PRIMARY KEY (run_id, path)
);
