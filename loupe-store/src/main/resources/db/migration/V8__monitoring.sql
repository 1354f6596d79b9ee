-- Monitoring: a reference per model version (the document is a JSON blob), drift alarms, alert states.
CREATE TABLE monitor_reference (
    model       VARCHAR(100) NOT NULL,
    version     VARCHAR(100) NOT NULL,
    dataset     VARCHAR(400) NOT NULL,
    blob_id     VARCHAR(64)  NOT NULL,
    size        INTEGER      NOT NULL,
    created_ms  BIGINT       NOT NULL,
    PRIMARY KEY (model, version)
);

CREATE TABLE drift_alarm (
    seq              ${id_pk},
    model            VARCHAR(100) NOT NULL,
    version          VARCHAR(100) NOT NULL,
    monitor          VARCHAR(100) NOT NULL,
    direction        VARCHAR(10)  NOT NULL,
    statistic        ${double}    NOT NULL,
    threshold        ${double}    NOT NULL,
    effect_size      ${double}    NOT NULL,
    start_ms         BIGINT       NOT NULL,
    start_request_id VARCHAR(200) NOT NULL,
    alarm_ms         BIGINT       NOT NULL,
    alarm_request_id VARCHAR(200) NOT NULL,
    observations     BIGINT       NOT NULL,
    CONSTRAINT drift_alarm_once UNIQUE (model, version, monitor, alarm_request_id)
);
CREATE INDEX drift_alarm_model_time ON drift_alarm (model, alarm_ms);

CREATE TABLE alert_state (
    rule        VARCHAR(200) PRIMARY KEY,
    status      VARCHAR(20)  NOT NULL,
    since_ms    BIGINT       NOT NULL,
    value       ${double},
    message     TEXT         NOT NULL
);

CREATE TABLE alert_history (
    seq         ${id_pk},
    rule        VARCHAR(200) NOT NULL,
    status      VARCHAR(20)  NOT NULL,
    since_ms    BIGINT       NOT NULL,
    value       ${double},
    message     TEXT         NOT NULL
);
CREATE INDEX alert_history_rule ON alert_history (rule, seq);
