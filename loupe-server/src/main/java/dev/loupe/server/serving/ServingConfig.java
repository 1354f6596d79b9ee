package dev.loupe.server.serving;

import dev.loupe.core.decision.DecisionPolicy;
import dev.loupe.monitor.log.RecorderConfig;
import dev.loupe.monitor.watch.MonitorConfig;
import dev.loupe.serve.ServeConfig;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * How {@code loupe server} serves predictions. Validated when built, immutable afterwards.
 *
 * @param serve          inference threads, queue, request size, batching; its host and gRPC port are where gRPC
 *                       listens (-1: no gRPC); its HTTP port is unused (REST shares the server's port)
 * @param pollInterval   how often the registry and the roll-out plans are read (another process's change is
 *                       served within this plus the model's load time)
 * @param logPredictions offer every served prediction to the prediction recorder (and monitor it)
 * @param recorder       the recorder's buffer, batches and image sampling
 * @param monitor        the drift detectors' tuning
 * @param alertRules     alert rule expressions for every monitored model; empty: one {@code drift(X)} per detector
 * @param webhooks       where FIRING and RESOLVED alerts are posted
 * @param alertHold      how long after an alarm a {@code drift(X)} rule keeps holding
 * @param policy         turns a package's decision policy into the one served (the project's {@code decision} section)
 * @param clock          times of logged predictions and alerts
 */
public record ServingConfig(ServeConfig serve, Duration pollInterval, boolean logPredictions, RecorderConfig recorder,
                            MonitorConfig monitor, List<String> alertRules, List<URI> webhooks, Duration alertHold,
                            UnaryOperator<DecisionPolicy> policy, Clock clock) {

    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);

    public ServingConfig {
        Objects.requireNonNull(serve, "serve");
        if (pollInterval.isNegative() || pollInterval.toMillis() < 10) {
            throw new IllegalArgumentException("the registry poll interval must be at least 10 ms, got " + pollInterval);
        }
        alertRules = List.copyOf(alertRules);
        webhooks = List.copyOf(webhooks);
        webhooks.forEach(dev.loupe.monitor.alert.WebhookAlertSink::check);
        for (String r : alertRules) {
            // fails on a rule that cannot be read, or on a metric no monitor gives
            dev.loupe.monitor.metrics.MonitorMetrics.check(dev.loupe.monitor.alert.AlertRule.parse(null, r).metric());
        }
    }

    /** Local gRPC on an ephemeral port, polling every 2 s, logging on with the recorder's and monitor's defaults. */
    public static ServingConfig defaults() {
        return new ServingConfig(ServeConfig.defaults(), DEFAULT_POLL_INTERVAL, true, RecorderConfig.defaults(),
                MonitorConfig.defaults(), List.of(), List.of(), Duration.ofMinutes(10), UnaryOperator.identity(), Clock.systemUTC());
    }

    public ServingConfig withServe(ServeConfig s) {
        return new ServingConfig(s, pollInterval, logPredictions, recorder, monitor, alertRules, webhooks, alertHold, policy, clock);
    }

    public ServingConfig withPollInterval(Duration d) {
        return new ServingConfig(serve, d, logPredictions, recorder, monitor, alertRules, webhooks, alertHold, policy, clock);
    }

    public ServingConfig withLogging(boolean on, RecorderConfig r) {
        return new ServingConfig(serve, pollInterval, on, r, monitor, alertRules, webhooks, alertHold, policy, clock);
    }

    public ServingConfig withMonitor(MonitorConfig m) {
        return new ServingConfig(serve, pollInterval, logPredictions, recorder, m, alertRules, webhooks, alertHold, policy, clock);
    }

    public ServingConfig withAlerts(List<String> rules, List<URI> hooks) {
        return new ServingConfig(serve, pollInterval, logPredictions, recorder, monitor, rules, hooks, alertHold, policy, clock);
    }

    public ServingConfig withPolicy(UnaryOperator<DecisionPolicy> p) {
        return new ServingConfig(serve, pollInterval, logPredictions, recorder, monitor, alertRules, webhooks, alertHold, p, clock);
    }
}
