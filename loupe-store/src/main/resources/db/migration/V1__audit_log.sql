-- Append-only audit trail of every change to registry, datasets, roll-outs and pipelines.
-- ${id_pk} is an auto-increment primary key, spelled per database (see JdbcMetadataStore).
CREATE TABLE audit_log (
    seq          ${id_pk},
    at_ms        BIGINT       NOT NULL,
    actor        VARCHAR(200) NOT NULL,
    entity_type  VARCHAR(100) NOT NULL,
    entity_id    VARCHAR(400) NOT NULL,
    action       VARCHAR(100) NOT NULL,
    before_value TEXT,
    after_value  TEXT,
    reason       TEXT
);
CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id, seq);
