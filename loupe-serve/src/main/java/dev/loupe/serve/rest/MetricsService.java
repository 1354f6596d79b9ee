package dev.loupe.serve.rest;

import dev.loupe.serve.infer.InferenceQueue;
import dev.loupe.serve.metrics.ServingMetrics;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

/**
 * {@code GET /metrics} of a bare prediction server ({@code loupe serve}): the serving metrics and the inference
 * load ({@link ServingMetrics#render(InferenceQueue)}), Prometheus text format 0.0.4. Who may scrape is the
 * routing's filter's business ({@link dev.loupe.serve.auth.ServeAccess}: the viewer role).
 */
public final class MetricsService implements HttpService {
    private final ServingMetrics metrics;
    private final InferenceQueue queue;

    public MetricsService(ServingMetrics metrics, InferenceQueue queue) {
        this.metrics = metrics;
        this.queue = queue;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/metrics", (req, res) -> {
            res.header(HeaderNames.CONTENT_TYPE, ServingMetrics.CONTENT_TYPE);
            res.send(metrics.render(queue));
        });
    }
}
