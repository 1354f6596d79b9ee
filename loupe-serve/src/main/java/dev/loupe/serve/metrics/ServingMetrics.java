package dev.loupe.serve.metrics;

import dev.loupe.core.monitoring.PrometheusFormat;
import dev.loupe.serve.ServeException;
import dev.loupe.serve.infer.InferenceQueue;
import dev.loupe.serve.infer.ServingObserver;
import dev.loupe.serve.infer.Timings;
import dev.loupe.serve.model.ModelLease;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import static dev.loupe.core.monitoring.PrometheusFormat.family;
import static dev.loupe.core.monitoring.PrometheusFormat.labels;
import static dev.loupe.core.monitoring.PrometheusFormat.number;

/**
 * The serving metrics, counted lock-free on the request path and rendered in the Prometheus text format
 * 0.0.4 at scrape time: {@code loupe_requests_total{model,version,outcome}}, latency histograms per step
 * ({@code loupe_request_queue_seconds}, {@code _preprocess_seconds}, {@code _infer_seconds}) and overall
 * ({@code loupe_request_duration_seconds}), and {@code loupe_batch_size}. Base units (seconds), counters
 * end in {@code _total}. Counts what the serving path tells it, as a {@link ServingObserver}; {@code loupe serve}
 * and {@code loupe server} both scrape it on {@code /metrics}. Thread-safe.
 */
public final class ServingMetrics implements ServingObserver {
    /** What {@code /metrics} answers in. */
    public static final String CONTENT_TYPE = PrometheusFormat.CONTENT_TYPE;
    /** Upper bounds in seconds: 0.1 ms to 10 s. */
    public static final double[] SECONDS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10};
    static final double[] BATCH = {1, 2, 4, 8, 16, 32, 64, 128, 256};

    private record Key(String model, String version, String outcome) {
    }

    private record Series(String model, String version) {
    }

    /** A cumulative histogram: bucket counts, sum and count. */
    public static final class Histogram {
        public final double[] bounds;
        public final LongAdder[] counts;
        public final LongAdder count = new LongAdder();
        public final java.util.concurrent.atomic.DoubleAdder sum = new java.util.concurrent.atomic.DoubleAdder();

        public Histogram(double[] bounds) {
            this.bounds = bounds;
            this.counts = new LongAdder[bounds.length];
            for (int i = 0; i < bounds.length; i++) {
                counts[i] = new LongAdder();
            }
        }

        public void observe(double v) {
            for (int i = 0; i < bounds.length; i++) {
                if (v <= bounds[i]) {
                    counts[i].increment();
                    break;
                }
            }
            count.increment();
            sum.add(v);
        }
    }

    private final Map<Key, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<Series, Histogram[]> latency = new ConcurrentHashMap<>();
    private final Map<Series, Histogram> batch = new ConcurrentHashMap<>();

    @Override
    public void inspected(Inspected e) {
        answered(e.model(), e.version(), e.timings(), e.latencyNanos());
    }

    @Override
    public void inferred(Inferred e) {
        answered(e.model(), e.version(), e.timings(), e.latencyNanos());
    }

    /** Counted under its kind: {@code bad_request}, {@code not_found}, {@code overloaded}, {@code error}... */
    @Override
    public void failed(String model, String version, ModelLease.Arm arm, ServeException error) {
        count(model, version, error.kind().name().toLowerCase(Locale.ROOT));
    }

    private void answered(String model, String version, Timings t, long latencyNanos) {
        count(model, version, "ok");
        Histogram[] h = latency.computeIfAbsent(new Series(model, version), k -> new Histogram[]{
                new Histogram(SECONDS), new Histogram(SECONDS), new Histogram(SECONDS), new Histogram(SECONDS)});
        h[0].observe(t.queueNanos() / 1e9);
        h[1].observe(t.preprocessNanos() / 1e9);
        h[2].observe(t.inferNanos() / 1e9);
        h[3].observe(latencyNanos / 1e9);
        if (t.batchSize() > 0) {
            batch.computeIfAbsent(new Series(model, version), k -> new Histogram(BATCH)).observe(t.batchSize());
        }
    }

    private void count(String model, String version, String outcome) {
        requests.computeIfAbsent(new Key(model, version, outcome), k -> new LongAdder()).increment();
    }

    /**
     * The serving families and the inference load ({@code loupe_inference_in_flight},
     * {@code loupe_inference_queue_waiting}), each with HELP and TYPE, ending with a newline.
     */
    public String render(InferenceQueue queue) {
        StringBuilder sb = new StringBuilder(render());
        gauge(sb, "loupe_inference_in_flight", "Inferences running now", "gauge", queue.running());
        gauge(sb, "loupe_inference_queue_waiting", "Requests waiting for an inference thread", "gauge", queue.waiting());
        return sb.toString();
    }

    private String render() {
        StringBuilder sb = new StringBuilder();
        family(sb, "loupe_requests_total", "Prediction requests answered, by model, version and outcome", "counter");
        for (Map.Entry<Key, LongAdder> e : sorted(requests)) {
            Key k = e.getKey();
            sb.append("loupe_requests_total").append(labels("model", k.model(), "version", k.version(), "outcome", k.outcome()))
                    .append(' ').append(e.getValue().sum()).append('\n');
        }
        String[] names = {"loupe_request_queue_seconds", "loupe_request_preprocess_seconds", "loupe_request_infer_seconds",
                "loupe_request_duration_seconds"};
        String[] helps = {"Time a request waited for an inference thread", "Time decoding and preprocessing a request's input",
                "Time running the model (a batch's time for batched requests)", "Time serving a request, end to end inside the server"};
        List<Map.Entry<Series, Histogram[]>> lat = sorted(latency);
        for (int i = 0; i < names.length; i++) {
            family(sb, names[i], helps[i], "histogram");
            for (Map.Entry<Series, Histogram[]> e : lat) {
                histogram(sb, names[i], e.getKey(), e.getValue()[i]);
            }
        }
        family(sb, "loupe_batch_size", "Images in the model call that scored each answered request", "histogram");
        for (Map.Entry<Series, Histogram> e : sorted(batch)) {
            histogram(sb, "loupe_batch_size", e.getKey(), e.getValue());
        }
        return sb.toString();
    }

    private static <K extends Record, V> List<Map.Entry<K, V>> sorted(Map<K, V> m) {
        List<Map.Entry<K, V>> l = new ArrayList<>(m.entrySet());
        l.sort(java.util.Comparator.comparing(e -> e.getKey().toString()));
        return l;
    }

    private static void histogram(StringBuilder sb, String name, Series s, Histogram h) {
        long cumulative = 0;
        for (int b = 0; b < h.bounds.length; b++) {
            cumulative += h.counts[b].sum();
            sb.append(name).append("_bucket").append(labels("model", s.model(), "version", s.version(), "le", number(h.bounds[b])))
                    .append(' ').append(cumulative).append('\n');
        }
        long count = h.count.sum();
        sb.append(name).append("_bucket").append(labels("model", s.model(), "version", s.version(), "le", "+Inf")).append(' ')
                .append(count).append('\n');
        sb.append(name).append("_sum").append(labels("model", s.model(), "version", s.version())).append(' ')
                .append(number(h.sum.sum())).append('\n');
        sb.append(name).append("_count").append(labels("model", s.model(), "version", s.version())).append(' ').append(count).append('\n');
    }

    /** One family of one unlabelled sample. */
    public static void gauge(StringBuilder sb, String name, String help, String type, double value) {
        family(sb, name, help, type);
        sb.append(name).append(' ').append(number(value)).append('\n');
    }
}
