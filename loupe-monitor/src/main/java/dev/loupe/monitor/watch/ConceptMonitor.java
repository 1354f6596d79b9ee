package dev.loupe.monitor.watch;

import dev.loupe.core.monitoring.DriftAlarm;
import dev.loupe.core.monitoring.LabelledPrediction;
import dev.loupe.monitor.drift.BernoulliCusum;
import dev.loupe.monitor.drift.DriftVerdict;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Concept drift from feedback labels: a {@link BernoulliCusum} on the model's error rate, p₀ from the
 * labelled reference and p₁ = max(2 p₀, p₀ + 0.05), and rolling precision/recall per slice (all,
 * each station, each decision) over the last {@code window} labels per slice.
 *
 * <p><b>Unweighted, on purpose.</b> Labels mostly come from review, and review selects items (the
 * review band, rejects): the error rate among reviewed items is not the line's error rate, and
 * inverse-propensity weighting would need each item's selection probability, which the log does not
 * record (the band is deterministic: propensity 0 or 1 outside random audits, where IPW is undefined).
 * So the CUSUM watches for a <em>change</em> in the error rate of the labelled stream, which is valid
 * while the selection policy stays the same; p₀ should then be measured on that same stream (pass it
 * explicitly) rather than taken from the reference. A change of review policy restarts the monitor.
 *
 * <p>Not thread-safe: feed it labelled predictions in the order the labels arrived.
 */
public final class ConceptMonitor {
    private final String model;
    private final String version;
    private final BernoulliCusum errors;
    private final int window;
    private final Map<String, Deque<LabelledPrediction>> slices = new LinkedHashMap<>();
    private final List<LabelledPrediction> recent = new ArrayList<>();
    private final String positive;
    private long index;

    /**
     * @param p0                the error rate of the labelled stream when nothing changed
     * @param labelsPerFalseAlarm the false-alarm budget, in labels
     * @param window            labels per slice for precision/recall
     */
    public ConceptMonitor(String model, String version, String positive, double p0, double labelsPerFalseAlarm, int window) {
        this.model = model;
        this.version = version;
        this.positive = positive;
        double base = Math.min(0.9, Math.max(p0, 1e-3));
        this.errors = new BernoulliCusum("error-rate", base, Math.min(0.99, Math.max(2 * base, base + 0.05)), labelsPerFalseAlarm);
        this.window = window;
    }

    /** Feeds one labelled prediction; an alarm when the error rate rose. */
    public Optional<DriftAlarm> observe(LabelledPrediction lp) {
        long i = index++;
        recent.add(lp);
        if (recent.size() > 1 << 16) {
            recent.subList(0, 1 << 15).clear();
        }
        for (String s : List.of("all", "station=" + lp.prediction().station(), "decision=" + lp.prediction().decision())) {
            Deque<LabelledPrediction> d = slices.computeIfAbsent(s, k -> new ArrayDeque<>());
            d.addLast(lp);
            if (d.size() > window) {
                d.removeFirst();
            }
        }
        if (errors.observe(lp.wrong()) instanceof DriftVerdict.Drift d) {
            int offset = recent.size() - 1 - (int) Math.min(i - d.estimatedStart(), recent.size() - 1);
            LabelledPrediction start = recent.get(offset);
            return Optional.of(new DriftAlarm(model, version, "error-rate", "up", d.statistic(), d.threshold(),
                    d.effectSize(), start.feedback().time(), start.prediction().requestId(), lp.feedback().time(),
                    lp.prediction().requestId(), d.delay()));
        }
        return Optional.empty();
    }

    public double statistic() {
        return errors.statistic();
    }

    public double threshold() {
        return errors.threshold();
    }

    /** Precision and recall per slice over its last labels. */
    public List<SliceMetrics> slices() {
        List<SliceMetrics> out = new ArrayList<>();
        for (Map.Entry<String, Deque<LabelledPrediction>> e : slices.entrySet()) {
            int tp = 0, fp = 0, fn = 0;
            for (LabelledPrediction lp : e.getValue()) {
                boolean predicted = lp.prediction().label().equals(positive);
                boolean actual = lp.feedback().label().equals(positive);
                tp += predicted && actual ? 1 : 0;
                fp += predicted && !actual ? 1 : 0;
                fn += !predicted && actual ? 1 : 0;
            }
            out.add(new SliceMetrics(e.getKey(), e.getValue().size(),
                    tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp), tp + fn == 0 ? Double.NaN : (double) tp / (tp + fn)));
        }
        return out;
    }
}
