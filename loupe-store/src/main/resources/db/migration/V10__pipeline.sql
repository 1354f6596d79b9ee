-- Continuous training: one row per pipeline run, one per step of a run.
-- active_model is the model's name while the run is active and NULL once it is done; its unique
-- constraint lets at most one run per model be active, whoever starts it (NULLs never collide).
CREATE TABLE pipeline_run (
    id              VARCHAR(64)  PRIMARY KEY,
    model           VARCHAR(200) NOT NULL,
    active_model    VARCHAR(200),
    trigger_kind    VARCHAR(50)  NOT NULL,
    reason          TEXT         NOT NULL,
    requested_by    VARCHAR(200) NOT NULL,
    state           VARCHAR(30)  NOT NULL,
    outcome         TEXT,
    created_ms      BIGINT       NOT NULL,
    updated_ms      BIGINT       NOT NULL,
    owner           VARCHAR(200),
    lease_until_ms  BIGINT       NOT NULL,
    abort_requested INTEGER      NOT NULL,
    CONSTRAINT pipeline_run_one_active UNIQUE (active_model)
);
CREATE INDEX pipeline_run_model ON pipeline_run (model, created_ms);

CREATE TABLE pipeline_step (
    run_id      VARCHAR(64) NOT NULL REFERENCES pipeline_run (id),
    step        VARCHAR(30) NOT NULL,
    seq         INTEGER     NOT NULL,
    attempt     INTEGER     NOT NULL,
    status      VARCHAR(10) NOT NULL,
    started_ms  BIGINT      NOT NULL,
    ended_ms    BIGINT,
    output      TEXT        NOT NULL,
    message     TEXT        NOT NULL,
    PRIMARY KEY (run_id, step)
);
