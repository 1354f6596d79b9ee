-- Web console sign-ins: only the SHA-256 of each session id is stored, as for API tokens. A session
-- belongs to the token it was started with; revoking the token deletes its sessions.
CREATE TABLE console_session (
    id_hash     VARCHAR(64) NOT NULL PRIMARY KEY,
    token_id    BIGINT      NOT NULL REFERENCES api_token (id),
    created_ms  BIGINT      NOT NULL,
    expires_ms  BIGINT      NOT NULL
);
CREATE INDEX console_session_token ON console_session (token_id);
CREATE INDEX console_session_expires ON console_session (expires_ms);
