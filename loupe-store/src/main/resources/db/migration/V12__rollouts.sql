-- Roll-outs: each served model's traffic split between its champion and a challenger (shadow, canary).
CREATE TABLE rollout_plan (
    model       VARCHAR(250) NOT NULL PRIMARY KEY,
    mode        VARCHAR(10)  NOT NULL,
    challenger  VARCHAR(250) NOT NULL,
    share       ${double}    NOT NULL,
    actor       VARCHAR(250) NOT NULL,
    updated_ms  BIGINT       NOT NULL
);
