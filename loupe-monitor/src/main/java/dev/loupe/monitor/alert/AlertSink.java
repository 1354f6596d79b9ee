package dev.loupe.monitor.alert;

import dev.loupe.core.monitoring.AlertState;

/**
 * Where firing and resolved alerts go. {@link #deliver} must return quickly and never throw: a sink that
 * talks to the network queues and retries on its own threads.
 */
public interface AlertSink {

    void deliver(AlertRule rule, AlertState state);
}
