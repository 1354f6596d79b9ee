package dev.loupe.edge.metrics;

import dev.loupe.core.decision.Decision;
import dev.loupe.core.monitoring.PrometheusFormat;
import dev.loupe.edge.record.EdgeRecord;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The agent's counters and gauges, written as Prometheus text ({@link #prometheus()}, served at
 * {@code /metrics}). Counters are cheap to bump from the pipeline thread; gauges are read when asked.
 * Thread-safe.
 */
public final class EdgeMetrics {
    /** Upper bounds of the latency histogram, in seconds. */
    static final double[] BUCKETS = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5};

    private final String station;
    private final LongAdder frames = new LongAdder();
    private final LongAdder[] decisions = new LongAdder[Decision.values().length];
    private final LongAdder[] via = new LongAdder[EdgeRecord.Via.values().length];
    private final Map<String, LongAdder> stops = new ConcurrentHashMap<>();
    private final AtomicLongArray latencyBuckets = new AtomicLongArray(BUCKETS.length + 1);
    private final LongAdder latencySumNanos = new LongAdder();
    private final LongAdder uploaded = new LongAdder();
    private final LongAdder uploadFailures = new LongAdder();
    private final LongAdder modelSwaps = new LongAdder();
    private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();
    private volatile Supplier<String> modelInfo = () -> "";

    public EdgeMetrics(String station) {
        this.station = station;
        for (int i = 0; i < decisions.length; i++) {
            decisions[i] = new LongAdder();
        }
        for (int i = 0; i < via.length; i++) {
            via[i] = new LongAdder();
        }
    }

    public void decided(EdgeRecord r) {
        frames.increment();
        decisions[r.decision().ordinal()].increment();
        via[r.via().ordinal()].increment();
        double s = r.latencyNanos() / 1e9;
        int b = 0;
        while (b < BUCKETS.length && s > BUCKETS[b]) {
            b++;
        }
        latencyBuckets.incrementAndGet(b);
        latencySumNanos.add(r.latencyNanos());
    }

    public void stopped(String cause) {
        stops.computeIfAbsent(cause, c -> new LongAdder()).increment();
    }

    public void uploaded(int n) {
        uploaded.add(n);
    }

    public void uploadFailed() {
        uploadFailures.increment();
    }

    public void modelSwapped() {
        modelSwaps.increment();
    }

    /** A gauge read at scrape time ({@code spool_depth_records}). */
    public void gauge(String name, LongSupplier value) {
        gauges.put(name, value);
    }

    /** {@code name/version} of the current model, for the info metric. */
    public void modelInfo(Supplier<String> info) {
        this.modelInfo = info;
    }

    public long frames() {
        return frames.sum();
    }

    public long decisions(Decision d) {
        return decisions[d.ordinal()].sum();
    }

    public long stops() {
        return stops.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long uploaded() {
        return uploaded.sum();
    }

    /** The latency quantile {@code q} estimated from the histogram (upper bucket bound), in seconds. */
    public double latencyQuantile(double q) {
        long total = 0;
        for (int i = 0; i < latencyBuckets.length(); i++) {
            total += latencyBuckets.get(i);
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < latencyBuckets.length(); i++) {
            seen += latencyBuckets.get(i);
            if (seen >= rank) {
                return i < BUCKETS.length ? BUCKETS[i] : Double.POSITIVE_INFINITY;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /** Every metric in the Prometheus text exposition format 0.0.4 ({@link PrometheusFormat}). */
    public String prometheus() {
        StringBuilder sb = new StringBuilder(4096);
        String st = PrometheusFormat.labels("station", station);
        counter(sb, "loupe_edge_frames_total", "Images decided.", st, frames.sum());
        family(sb, "loupe_edge_decisions_total", "Decisions by kind.", "counter");
        for (Decision d : Decision.values()) {
            sample(sb, "loupe_edge_decisions_total", PrometheusFormat.labels("station", station, "decision", d.wireName()),
                    decisions[d.ordinal()].sum());
        }
        family(sb, "loupe_edge_inferences_total", "Images scored, by path.", "counter");
        for (EdgeRecord.Via v : EdgeRecord.Via.values()) {
            sample(sb, "loupe_edge_inferences_total",
                    PrometheusFormat.labels("station", station, "via", v.name().toLowerCase(Locale.ROOT)), via[v.ordinal()].sum());
        }
        family(sb, "loupe_edge_line_stops_total", "Line stops by cause.", "counter");
        for (String cause : new String[]{"rejects", "inference", "camera", "spool"}) {
            LongAdder a = stops.get(cause);
            sample(sb, "loupe_edge_line_stops_total", PrometheusFormat.labels("station", station, "cause", cause),
                    a == null ? 0 : a.sum());
        }
        String latency = "loupe_edge_decision_latency_seconds";
        family(sb, latency, "Time from an image's arrival to its decision.", "histogram");
        long cumulative = 0;
        for (int i = 0; i <= BUCKETS.length; i++) {
            cumulative += latencyBuckets.get(i);
            String le = i < BUCKETS.length ? Double.toString(BUCKETS[i]) : "+Inf";
            sample(sb, latency + "_bucket", PrometheusFormat.labels("station", station, "le", le), cumulative);
        }
        sample(sb, latency + "_sum", st, latencySumNanos.sum() / 1e9);
        sample(sb, latency + "_count", st, cumulative);
        counter(sb, "loupe_edge_uploaded_records_total", "Records the platform acknowledged.", st, uploaded.sum());
        counter(sb, "loupe_edge_upload_failures_total", "Failed uploads of spooled records.", st, uploadFailures.sum());
        counter(sb, "loupe_edge_model_swaps_total", "Models installed by model sync.", st, modelSwaps.sum());
        for (Map.Entry<String, LongSupplier> g : new java.util.TreeMap<>(gauges).entrySet()) {
            String name = "loupe_edge_" + g.getKey();
            family(sb, name, name.replace('_', ' ') + ".", name.endsWith("_total") ? "counter" : "gauge");
            sample(sb, name, st, g.getValue().getAsLong());
        }
        family(sb, "loupe_edge_model_info", "The model the station runs.", "gauge");
        sample(sb, "loupe_edge_model_info", PrometheusFormat.labels("station", station, "model", modelInfo.get()), 1);
        return sb.toString();
    }

    private static void counter(StringBuilder sb, String name, String help, String labels, long v) {
        family(sb, name, help, "counter");
        sample(sb, name, labels, v);
    }

    private static void family(StringBuilder sb, String name, String help, String type) {
        PrometheusFormat.family(sb, name, help, type);
    }

    private static void sample(StringBuilder sb, String name, String labels, double v) {
        sb.append(name).append(labels).append(' ').append(PrometheusFormat.number(v)).append('\n');
    }
}
