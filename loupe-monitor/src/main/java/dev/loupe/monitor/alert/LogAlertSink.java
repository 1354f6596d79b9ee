package dev.loupe.monitor.alert;

import dev.loupe.core.monitoring.AlertState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes alerts to the log ({@code dev.loupe.alerts}): firing at WARN, resolved at INFO. */
public final class LogAlertSink implements AlertSink {
    private static final Logger LOG = LoggerFactory.getLogger("dev.loupe.alerts");

    @Override
    public void deliver(AlertRule rule, AlertState state) {
        if (state.status() == AlertState.Status.FIRING) {
            LOG.warn("alert {} FIRING since {}: {}", rule.name(), state.since(), state.message());
        } else {
            LOG.info("alert {} {} at {}: {}", rule.name(), state.status(), state.since(), state.message());
        }
    }
}
