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
 * only one row per model, bucket and decision leaves the database.
 */
final class JdbcPredictionSummaries implements PredictionSummaries {
    private static final String STATS = "brightness, contrast, sharpness, red, green, blue, saturation";

    private final Jdbc jdbc;

    JdbcPredictionSummaries(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One SQL row: a model, a bucket index, a decision, its count, how many of those have image statistics
     * (a V2 request with a preprocessed tensor has none), and means.
     */
    private record Group(String model, long bucket, Decision decision, long n, long withStats, double[] means) {
    }

    @Override
    public List<TrafficBucket> traffic(Optional<String> model, Instant from, Instant to, Duration bucket) {
        long width = bucket.toMillis();
        if (width < 1) {
            throw new IllegalArgumentException("bucket must be at least 1 ms, got " + bucket);
        }
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("time range ends (" + to + ") before it starts (" + from + ")");
        }
        StringBuilder avgs = new StringBuilder();
        for (String s : STATS.split(", ")) {
            avgs.append(", AVG(").append(s).append(")");
        }
        long fromMs = from.toEpochMilli();
        // numbers, not parameters: PostgreSQL matches a GROUP BY expression to the select list by its text
        String bucketOf = "(at_ms - " + fromMs + ") / " + width;
        String sql = "SELECT model, " + bucketOf + " AS bucket, decision, COUNT(*)" + avgs + ", AVG(score), AVG(latency_ns), COUNT(brightness)"
                + " FROM prediction_log WHERE at_ms >= ? AND at_ms < ?" + (model.isPresent() ? " AND model = ?" : "")
                + " GROUP BY model, " + bucketOf + ", decision ORDER BY model, bucket";
        Object[] args = model.isPresent() ? new Object[]{from, to, model.get()} : new Object[]{from, to};
        List<Group> groups = jdbc.query(sql, rs -> {
            double[] means = new double[9];
            for (int i = 0; i < means.length; i++) {
                means[i] = rs.getDouble(5 + i);
            }
            return new Group(rs.getString(1), rs.getLong(2), Decision.valueOf(rs.getString(3)), rs.getLong(4), rs.getLong(14), means);
        }, args);
        List<TrafficBucket> out = new ArrayList<>();
        int i = 0;
        while (i < groups.size()) {
            Group first = groups.get(i);
            long[] counts = new long[Decision.values().length];
            double[] sums = new double[9];
            long n = 0;
            long withStats = 0;
            for (; i < groups.size() && groups.get(i).model().equals(first.model()) && groups.get(i).bucket() == first.bucket(); i++) {
                Group g = groups.get(i);
                counts[g.decision().ordinal()] += g.n();
                n += g.n();
                withStats += g.withStats();
                for (int k = 0; k < sums.length; k++) {
                    sums[k] += g.means()[k] * (k < 7 ? g.withStats() : g.n());
                }
            }
            for (int k = 0; k < sums.length; k++) {
                sums[k] = k < 7 ? (withStats == 0 ? 0 : sums[k] / withStats) : sums[k] / n;
            }
            out.add(new TrafficBucket(first.model(), Instant.ofEpochMilli(fromMs + first.bucket() * width),
                    counts[Decision.PASS.ordinal()], counts[Decision.REJECT.ordinal()], counts[Decision.REVIEW.ordinal()],
                    new ImageStats(sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], sums[6]), sums[7], sums[8]));
        }
        return out;
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
