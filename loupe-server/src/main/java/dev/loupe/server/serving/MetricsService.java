package dev.loupe.server.serving;

import dev.loupe.monitor.log.PredictionRecorder;
import dev.loupe.monitor.metrics.PrometheusText;
import dev.loupe.serve.infer.InferenceQueue;
import dev.loupe.serve.metrics.ServingMetrics;
import dev.loupe.serve.model.LiveModels;
import dev.loupe.server.console.ConsoleAuth;
import dev.loupe.server.console.Role;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Optional;

/**
 * {@code GET /metrics}: the serving metrics ({@link ServingMetrics}), inference load, model load events,
 * then the monitoring families (recorder counters, drift detectors, alert states) from loupe-monitor's
 * {@link PrometheusText}; Prometheus text format 0.0.4, checked with {@code promtool check metrics}.
 * Needs {@link Role#VIEWER} ({@link Callers}).
 */
final class MetricsService implements HttpService {
    private final ConsoleAuth auth;
    private final ServingMetrics metrics;
    private final InferenceQueue queue;
    private final LiveModels live;
    private final Optional<PredictionRecorder> recorder;
    private final LiveMonitors monitors;
    private final ServingTelemetry telemetry;

    MetricsService(ConsoleAuth auth, ServingMetrics metrics, InferenceQueue queue, LiveModels live,
                   Optional<PredictionRecorder> recorder, LiveMonitors monitors, ServingTelemetry telemetry) {
        this.auth = auth;
        this.metrics = metrics;
        this.queue = queue;
        this.live = live;
        this.recorder = recorder;
        this.monitors = monitors;
        this.telemetry = telemetry;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/metrics", this::scrape);
    }

    private void scrape(ServerRequest req, ServerResponse res) {
        if (Callers.admit(auth, Role.VIEWER, req, res).isEmpty()) {
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, PrometheusText.CONTENT_TYPE);
        res.send(render());
    }

    String render() {
        StringBuilder sb = new StringBuilder(metrics.render(queue));
        ServingMetrics.gauge(sb, "loupe_models_served", "Model names served now", "gauge", live.names().size());
        ServingMetrics.gauge(sb, "loupe_model_loads_total", "Model versions loaded (registry changes, roll-outs)", "counter", live.loads());
        ServingMetrics.gauge(sb, "loupe_model_unloads_total", "Model versions closed after their last in-flight request", "counter",
                live.unloads());
        ServingMetrics.gauge(sb, "loupe_shadow_dropped_total", "Shadow copies not scored because the shadow queue was full", "counter",
                telemetry.shadowDropped());
        PrometheusText text = new PrometheusText();
        recorder.ifPresent(r -> text.recorder(r.counters()));
        monitors.render(text);
        return sb.append(text.render()).toString();
    }
}
