package dev.loupe.edge.metrics;

import dev.loupe.core.decision.Decision;
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

    /** Every metric in the Prometheus text exposition format 0.0.4. */
    public String prometheus() {
        StringBuilder sb = new StringBuilder(4096);
        String st = "station=\"" + esc(station) + "\"";
        counter(sb, "loupe_edge_frames_total", "Images decided.", st, frames.sum());
        sb.append("# HELP loupe_edge_decisions_total Decisions by kind.\n# TYPE loupe_edge_decisions_total counter\n");
        for (Decision d : Decision.values()) {
            sb.append("loupe_edge_decisions_total{").append(st).append(",decision=\"").append(d.wireName()).append("\"} ")
                    .append(decisions[d.ordinal()].sum()).append('\n');
        }
        sb.append("# HELP loupe_edge_inferences_total Images scored, by path.\n# TYPE loupe_edge_inferences_total counter\n");
        for (EdgeRecord.Via v : EdgeRecord.Via.values()) {
            sb.append("loupe_edge_inferences_total{").append(st).append(",via=\"").append(v.name().toLowerCase(Locale.ROOT))
                    .append("\"} ").append(via[v.ordinal()].sum()).append('\n');
        }
        sb.append("# HELP loupe_edge_line_stops_total Line stops by cause.\n# TYPE loupe_edge_line_stops_total counter\n");
        for (String cause : new String[]{"rejects", "inference", "camera", "spool"}) {
            LongAdder a = stops.get(cause);
            sb.append("loupe_edge_line_stops_total{").append(st).append(",cause=\"").append(cause).append("\"} ")
                    .append(a == null ? 0 : a.sum()).append('\n');
        }
        sb.append("# HELP loupe_edge_decision_latency_seconds Time from an image's arrival to its decision.\n")
                .append("# TYPE loupe_edge_decision_latency_seconds histogram\n");
        long cumulative = 0;
        for (int i = 0; i <= BUCKETS.length; i++) {
            cumulative += latencyBuckets.get(i);
            String le = i < BUCKETS.length ? Double.toString(BUCKETS[i]) : "+Inf";
            sb.append("loupe_edge_decision_latency_seconds_bucket{").append(st).append(",le=\"").append(le).append("\"} ")
                    .append(cumulative).append('\n');
        }
        sb.append("loupe_edge_decision_latency_seconds_sum{").append(st).append("} ").append(latencySumNanos.sum() / 1e9).append('\n');
        sb.append("loupe_edge_decision_latency_seconds_count{").append(st).append("} ").append(cumulative).append('\n');
        counter(sb, "loupe_edge_uploaded_records_total", "Records the platform acknowledged.", st, uploaded.sum());
        counter(sb, "loupe_edge_upload_failures_total", "Failed uploads of spooled records.", st, uploadFailures.sum());
        counter(sb, "loupe_edge_model_swaps_total", "Models installed by model sync.", st, modelSwaps.sum());
        for (Map.Entry<String, LongSupplier> g : new java.util.TreeMap<>(gauges).entrySet()) {
            String name = "loupe_edge_" + g.getKey();
            boolean isCounter = name.endsWith("_total");
            sb.append("# HELP ").append(name).append(' ').append(name.replace('_', ' ')).append(".\n# TYPE ").append(name)
                    .append(isCounter ? " counter\n" : " gauge\n");
            sb.append(name).append('{').append(st).append("} ").append(g.getValue().getAsLong()).append('\n');
        }
        String info = modelInfo.get();
        sb.append("# HELP loupe_edge_model_info The model the station runs.\n# TYPE loupe_edge_model_info gauge\n");
        sb.append("loupe_edge_model_info{").append(st).append(",model=\"").append(esc(info)).append("\"} 1\n");
        return sb.toString();
    }

    private static void counter(StringBuilder sb, String name, String help, String labels, long v) {
        sb.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" counter\n")
                .append(name).append('{').append(labels).append("} ").append(v).append('\n');
    }

    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
