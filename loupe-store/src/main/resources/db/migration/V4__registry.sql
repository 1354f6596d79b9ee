-- Model registry, after MLflow's: registered models, numbered versions, tags, aliases.
-- Every change is also written to audit_log (V1). Times are epoch milliseconds.
CREATE TABLE registered_models (
    id             ${id_pk},
    name           VARCHAR(250) NOT NULL UNIQUE,
    description    TEXT,
    creation_ms    BIGINT       NOT NULL,
    last_update_ms BIGINT       NOT NULL,
    -- the highest version number ever given: numbers are never reused after a delete
    last_version   INTEGER      NOT NULL
);

CREATE TABLE registered_model_tags (
    model_id  BIGINT       NOT NULL REFERENCES registered_models (id) ON DELETE CASCADE,
    tag_key   VARCHAR(250) NOT NULL,
    tag_value TEXT         NOT NULL,
    PRIMARY KEY (model_id, tag_key)
);

CREATE TABLE model_versions (
    model_id       BIGINT      NOT NULL REFERENCES registered_models (id) ON DELETE CASCADE,
    version        INTEGER     NOT NULL,
    source         TEXT        NOT NULL,
    run_id         VARCHAR(32),
    status         VARCHAR(30) NOT NULL,
    description    TEXT,
    user_id        VARCHAR(250),
    creation_ms    BIGINT      NOT NULL,
    last_update_ms BIGINT      NOT NULL,
    PRIMARY KEY (model_id, version)
);
CREATE INDEX model_versions_run ON model_versions (run_id);

CREATE TABLE model_version_tags (
    model_id  BIGINT       NOT NULL,
    version   INTEGER      NOT NULL,
    tag_key   VARCHAR(250) NOT NULL,
    tag_value TEXT         NOT NULL,
    PRIMARY KEY (model_id, version, tag_key),
    FOREIGN KEY (model_id, version) REFERENCES model_versions (model_id, version) ON DELETE CASCADE
);

CREATE TABLE model_aliases (
    model_id BIGINT       NOT NULL,
    alias    VARCHAR(250) NOT NULL,
    version  INTEGER      NOT NULL,
    PRIMARY KEY (model_id, alias),
    FOREIGN KEY (model_id, version) REFERENCES model_versions (model_id, version) ON DELETE CASCADE
);
