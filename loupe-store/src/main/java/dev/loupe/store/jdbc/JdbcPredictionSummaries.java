package dev.loupe.store.jdbc;

import dev.loupe.core.image.ImageStats;
import dev.loupe.core.decision.Decision;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.core.monitoring.PredictionQuery;
import dev.loupe.core.monitoring.PredictionSummaries;
import dev.loupe.core.monitoring.TrafficBucket;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link PredictionSummaries} over the {@code prediction_log} table. Aggregates are grouped in SQL over
 * the time index ({@code prediction_log_time}, or {@code prediction_log_model_time} for one model), so
 * only one row per model version, bucket and decision leaves the database.
 */
final class JdbcPredictionSummaries implements PredictionSummaries {
    private final Jdbc jdbc;

    JdbcPredictionSummaries(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One SQL row: a model, a version, a bucket index, a decision, its count, its latency sum, and for each value
     * ({@link #VALUES}) its sum and how many rows know it.
     */
    private record Group(String model, String version, long bucket, Decision decision, long n, double latencySum, double[] sums,
                         long[] known) {
    }

    /*
     * A value is unknown when its column is NULL: a statistic that was NaN, or every statistic of a request
     * without an image (a preprocessed tensor). A NaN score is stored as 0 with bit 7 of nan_values set
     * (V26), so the score counts only where that bit is clear. Each value's mean is its sum over the rows
     * that know it, divided by their count (summed over a bucket's decisions; SQL's AVG per decision,
     * weighted by one shared count, mixed the statistics' denominators), NaN when no row knows it.
     */
    private static final List<String> VALUES = List.of("brightness", "contrast", "sharpness", "red", "green", "blue",
            "saturation", "CASE WHEN (COALESCE(nan_values, 0) & 128) = 0 THEN score END");

    @Override
    public List<TrafficBucket> traffic(Optional<String> model, Instant from, Instant to, Duration bucket) {
        long width = bucket.toMillis();
        if (width < 1) {
            throw new IllegalArgumentException("bucket must be at least 1 ms, got " + bucket);
        }
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("time range ends (" + to + ") before it starts (" + from + ")");
        }
        StringBuilder aggregates = new StringBuilder();
        for (String v : VALUES) {
            aggregates.append(", SUM(").append(v).append("), COUNT(").append(v).append(")");
        }
        long fromMs = from.toEpochMilli();
        // numbers, not parameters: PostgreSQL matches a GROUP BY expression to the select list by its text
        String bucketOf = "(at_ms - " + fromMs + ") / " + width;
        // latency_ns summed as a double: it comes from edge agents as sent, and SQLite's SUM of integers fails
        // the whole query on an overflow (AVG, before, summed in floating point)
        String sql = "SELECT model, version, " + bucketOf + " AS bucket, decision, COUNT(*), SUM(CAST(latency_ns AS DOUBLE PRECISION))"
                + aggregates
                + " FROM prediction_log WHERE at_ms >= ? AND at_ms < ?" + (model.isPresent() ? " AND model = ?" : "")
                + " GROUP BY model, version, " + bucketOf + ", decision ORDER BY model, version, bucket";
        Object[] args = model.isPresent() ? new Object[]{from, to, model.get()} : new Object[]{from, to};
        int values = VALUES.size();
        List<Group> groups = jdbc.query(sql, rs -> {
            double[] sums = new double[values];
            long[] known = new long[values];
            for (int i = 0; i < values; i++) {
                sums[i] = rs.getDouble(7 + 2 * i); // NULL (no known value) reads as 0
                known[i] = rs.getLong(8 + 2 * i);
            }
            return new Group(rs.getString(1), rs.getString(2), rs.getLong(3), Decision.valueOf(rs.getString(4)), rs.getLong(5),
                    rs.getDouble(6), sums, known);
        }, args);
        List<TrafficBucket> out = new ArrayList<>();
        int i = 0;
        while (i < groups.size()) {
            Group first = groups.get(i);
            long[] counts = new long[Decision.values().length];
            double[] sums = new double[values];
            long[] known = new long[values];
            long n = 0;
            double latency = 0;
            for (; i < groups.size() && sameBucket(groups.get(i), first); i++) {
                Group g = groups.get(i);
                counts[g.decision().ordinal()] += g.n();
                n += g.n();
                latency += g.latencySum();
                for (int k = 0; k < values; k++) {
                    sums[k] += g.sums()[k];
                    known[k] += g.known()[k];
                }
            }
            double[] means = new double[values];
            for (int k = 0; k < values; k++) {
                means[k] = known[k] == 0 ? Double.NaN : sums[k] / known[k];
            }
            out.add(new TrafficBucket(first.model(), first.version(), Instant.ofEpochMilli(fromMs + first.bucket() * width),
                    counts[Decision.PASS.ordinal()], counts[Decision.REJECT.ordinal()], counts[Decision.REVIEW.ordinal()],
                    new ImageStats(means[0], means[1], means[2], means[3], means[4], means[5], means[6]), means[7],
                    latency / n));
        }
        return out;
    }

    private static boolean sameBucket(Group a, Group b) {
        return a.model().equals(b.model()) && a.version().equals(b.version()) && a.bucket() == b.bucket();
    }

    @Override
    public List<LoggedPrediction> newest(PredictionQuery q) {
        String sql = "SELECT " + JdbcPredictionLog.COLUMNS + " FROM prediction_log p WHERE p.model = ? AND p.at_ms >= ?"
                + " AND p.at_ms < ?" + (q.version().isPresent() ? " AND p.version = ?" : "")
                + " ORDER BY p.at_ms DESC, p.seq DESC LIMIT ?";
        Object[] args = q.version().isPresent()
                ? new Object[]{q.model(), q.from(), q.to(), q.version().get(), q.limit()}
                : new Object[]{q.model(), q.from(), q.to(), q.limit()};
        return jdbc.query(sql, JdbcPredictionLog::map, args);
    }

    @Override
    public List<LoggedPrediction> awaitingReview(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        return jdbc.query("SELECT " + JdbcPredictionLog.COLUMNS + " FROM prediction_log p WHERE p.decision = ?"
                        + " AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.request_id = p.request_id)"
                        + " ORDER BY p.at_ms DESC, p.seq DESC LIMIT ?",
                JdbcPredictionLog::map, Decision.REVIEW, limit);
    }
}
