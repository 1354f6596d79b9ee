-- API tokens: only the SHA-256 of each secret is stored (docs/adr/0010-api-tokens-hashed-with-sha256.md).
CREATE TABLE api_token (
    id           ${id_pk},
    name         VARCHAR(100) NOT NULL,
    role         VARCHAR(20)  NOT NULL,
    secret_hash  VARCHAR(64)  NOT NULL,
    created_ms   BIGINT       NOT NULL,
    created_by   VARCHAR(200) NOT NULL,
    revoked_ms   BIGINT,
    CONSTRAINT api_token_hash UNIQUE (secret_hash)
);
-- a name is unique among active tokens, so a revoked name can be issued again (rotation)
CREATE UNIQUE INDEX api_token_active_name ON api_token (name) WHERE revoked_ms IS NULL;
