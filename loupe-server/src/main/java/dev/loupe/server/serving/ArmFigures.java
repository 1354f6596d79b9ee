package dev.loupe.server.serving;

import dev.loupe.core.decision.Decision;
import dev.loupe.core.rollout.LiveFigures;
import dev.loupe.serve.metrics.ServingMetrics;
import dev.loupe.serve.model.ModelLease.Arm;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * What each arm of a model's roll-out did since the roll-out last changed: requests, failures, mean
 * score, rejects, latency, and in shadow how often the challenger agreed with the champion on the same
 * image. Counted in this process (each server of a scale-out counts its own traffic). Thread-safe.
 */
final class ArmFigures {

    /** One arm's counters. */
    static final class ArmCounters {
        final LongAdder requests = new LongAdder();
        final LongAdder failures = new LongAdder();
        final LongAdder rejects = new LongAdder();
        final DoubleAdder scores = new DoubleAdder();
        final ServingMetrics.Histogram latency = new ServingMetrics.Histogram(ServingMetrics.SECONDS);
        final LongAdder compared = new LongAdder();
        final LongAdder agreed = new LongAdder();

        /** The arm's figures as the API shows them. */
        Map<String, Object> view() {
            long n = requests.sum();
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("count", n);
            m.put("failures", failures.sum());
            m.put("mean_score", n == 0 ? null : scores.sum() / n);
            m.put("reject_rate", n == 0 ? null : (double) rejects.sum() / n);
            m.put("mean_latency_ms", n == 0 ? null : latency.sum.sum() / n * 1e3);
            m.put("p99_latency_ms", n == 0 ? null : p99Seconds() * 1e3);
            if (compared.sum() > 0) {
                m.put("compared", compared.sum());
                m.put("agreement", (double) agreed.sum() / compared.sum());
            }
            return m;
        }

        /** The 99th percentile's bucket bound, in seconds. */
        double p99Seconds() {
            long n = latency.count.sum();
            long cumulative = 0;
            for (int b = 0; b < latency.bounds.length; b++) {
                cumulative += latency.counts[b].sum();
                if (cumulative >= Math.ceil(0.99 * n)) {
                    return latency.bounds[b];
                }
            }
            return latency.bounds[latency.bounds.length - 1];
        }

        LiveFigures.Arm figures() {
            return new LiveFigures.Arm(requests.sum(), failures.sum(), rejects.sum(), 0, 0, 0, 0,
                    requests.sum() == 0 ? 0 : (long) (p99Seconds() * 1e9));
        }
    }

    private final Map<String, Map<Arm, ArmCounters>> byModel = new ConcurrentHashMap<>();

    private ArmCounters arm(String model, Arm arm) {
        return byModel.computeIfAbsent(model, m -> new ConcurrentHashMap<>()).computeIfAbsent(arm, a -> new ArmCounters());
    }

    void answered(String model, Arm arm, double score, Decision decision, long latencyNanos, java.util.Optional<String> championLabel,
                  String label) {
        ArmCounters a = arm(model, arm);
        a.requests.increment();
        a.scores.add(score);
        if (decision == Decision.REJECT) {
            a.rejects.increment();
        }
        a.latency.observe(latencyNanos / 1e9);
        championLabel.ifPresent(c -> {
            a.compared.increment();
            if (c.equals(label)) {
                a.agreed.increment();
            }
        });
    }

    void failed(String model, Arm arm) {
        arm(model, arm).failures.increment();
    }

    /** Starts counting afresh (a roll-out changed). */
    void reset(String model) {
        byModel.remove(model);
    }

    /** Each arm's figures, by wire name. */
    Map<String, Map<String, Object>> view(String model) {
        Map<String, Map<String, Object>> out = new java.util.LinkedHashMap<>();
        Map<Arm, ArmCounters> arms = new EnumMap<>(Arm.class);
        arms.putAll(byModel.getOrDefault(model, Map.of()));
        arms.forEach((arm, a) -> out.put(arm.wireName(), a.view()));
        return out;
    }

    /** The pipeline's view: the champion's and the challenger's (shadow or canary) figures. */
    LiveFigures live(String model, String phase) {
        Map<Arm, ArmCounters> arms = byModel.getOrDefault(model, Map.of());
        ArmCounters champion = arms.get(Arm.CHAMPION);
        ArmCounters challenger = arms.getOrDefault(Arm.SHADOW, arms.get(Arm.CHALLENGER));
        long compared = challenger == null ? 0 : challenger.compared.sum();
        long disagreed = challenger == null ? 0 : compared - challenger.agreed.sum();
        return new LiveFigures(phase, champion == null ? LiveFigures.Arm.EMPTY : champion.figures(),
                challenger == null ? LiveFigures.Arm.EMPTY : challenger.figures(), compared, disagreed);
    }
}
