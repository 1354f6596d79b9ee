package dev.loupe.monitor.metrics;

import dev.loupe.monitor.alert.MetricSource;
import dev.loupe.monitor.estimate.PerformanceEstimate;
import dev.loupe.monitor.estimate.PerformanceEstimator;
import dev.loupe.monitor.log.PredictionRecorder;
import dev.loupe.monitor.watch.DetectorState;
import dev.loupe.monitor.watch.ModelMonitor;

import java.time.Clock;
import java.time.Duration;
import java.util.OptionalDouble;

/**
 * The metrics alert rules read, from one model monitor (and, when given, its performance estimator and
 * the prediction recorder):
 * <ul>
 *   <li>{@code drift(X)}: 1 while detector X's latest alarm is younger than {@code hold}, else 0;</li>
 *   <li>{@code statistic(X)}: detector X's statistic (CUSUM, or MMD² for {@code embedding}) divided by its threshold (alarm at 1);</li>
 *   <li>{@code estimated_precision}, {@code estimated_recall}, {@code estimated_accuracy} (CBPE);</li>
 *   <li>{@code dropped_predictions}: the recorder's drop counter.</li>
 * </ul>
 * {@code drift(X)} and {@code statistic(X)} have no value until detector X has seen {@link #WARM_UP} predictions
 * or alarmed since its monitor started: a monitor a server has just started has seen nothing, and its
 * {@code drift(X) = 0} would say "no drift" before the detector could have seen one (a 0.5σ shift takes a median
 * of 85 images to detect, docs/benchmarks.md). A rule on a metric without a value keeps its state
 * ({@link dev.loupe.monitor.alert.AlertEvaluator}). The {@code estimated_*} metrics have no value until the estimate
 * is over {@link #ESTIMATE_WARM_UP} predictions, for the same reason: a restarted server's first batch would
 * otherwise resolve a FIRING {@code estimated_recall < 0.95} on an estimate from a handful of images.
 * Reads the monitor's state: call from the thread that feeds it.
 */
public final class MonitorMetrics implements MetricSource {
    /**
     * Predictions a detector must have seen since its monitor started before {@code drift(X)} and
     * {@code statistic(X)} read 0 or a ratio: above the CUSUMs' median delay at their 0.5σ design shift (85)
     * and one embedding window (100).
     */
    public static final long WARM_UP = 100;

    /*
     * How many predictions a CBPE estimate needs. Each estimated figure is a proportion over the window (accuracy
     * over its predictions, recall over its expected defects, precision over its predicted defects). Even with an
     * exact calibration, the labels the window's images really have vary around CBPE's expected confusion matrix:
     * the correct count has variance sum p(1 - p) <= n/4, so the realised accuracy is the estimate give or take a
     * standard error of up to 1 / (2 sqrt n); which images happened to arrive adds a sampling error of the same
     * order (NannyML's sampling error, sigma / sqrt n). For the figure to be within +-0.05 of the truth at 95%
     * in the worst case (p = 0.5), n = 1.96^2 * 0.25 / 0.05^2 = 384, rounded up to 400. After 30 predictions
     * the band is +-0.18: wide enough to cross a 0.95 threshold by chance. Recall and precision rest on fewer
     * items than n (at a 10% defect rate, ~40 expected defects in 400 predictions), so they stay noisier; a
     * rule's 'for' duration is the way to ask for more.
     */

    /**
     * Predictions the performance estimate must be over before {@code estimated_*} read a value: 400, the
     * worst-case sample size for a proportion within ±0.05 at 95% (1.96² × 0.25 / 0.05² = 384), so the first
     * estimates after a restart do not resolve or fire a rule on noise. The estimator's window must hold at least
     * this many ({@code loupe server} and {@code loupe monitor alerts} keep 10,000).
     */
    public static final int ESTIMATE_WARM_UP = 400;

    private final ModelMonitor monitor;
    private final PerformanceEstimator estimator;
    private final PredictionRecorder recorder;
    private final Duration hold;
    private final Clock clock;

    /**
     * @param estimator may be null (no estimated_* metrics)
     * @param recorder  may be null
     * @param hold      how long after an alarm {@code drift(X)} stays 1
     */
    public MonitorMetrics(ModelMonitor monitor, PerformanceEstimator estimator, PredictionRecorder recorder,
                          Duration hold, Clock clock) {
        this.monitor = monitor;
        this.estimator = estimator;
        this.recorder = recorder;
        this.hold = hold;
        this.clock = clock;
    }

    @Override
    public OptionalDouble value(String metric) {
        if (metric.startsWith("drift(") && metric.endsWith(")")) {
            return detector(metric.substring(6, metric.length() - 1)).filter(MonitorMetrics::warm)
                    .map(d -> OptionalDouble.of(d.lastAlarm()
                            .filter(a -> !a.alarmTime().isBefore(clock.instant().minus(hold))).isPresent() ? 1 : 0))
                    .orElse(OptionalDouble.empty());
        }
        if (metric.startsWith("statistic(") && metric.endsWith(")")) {
            return detector(metric.substring(10, metric.length() - 1)).filter(MonitorMetrics::warm)
                    .map(d -> OptionalDouble.of(d.statistic() / d.threshold())).orElse(OptionalDouble.empty());
        }
        if (metric.startsWith("estimated_") && estimator != null) {
            PerformanceEstimate e = estimator.estimate();
            if (e.predictions() < ESTIMATE_WARM_UP) {
                return OptionalDouble.empty();
            }
            double v = switch (metric) {
                case "estimated_precision" -> e.precision();
                case "estimated_recall" -> e.recall();
                case "estimated_accuracy" -> e.accuracy();
                default -> Double.NaN;
            };
            return Double.isNaN(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
        }
        if (metric.equals("dropped_predictions") && recorder != null) {
            return OptionalDouble.of(recorder.counters().dropped());
        }
        return OptionalDouble.empty();
    }

    /** The metrics without an argument; with {@code drift(X)} and {@code statistic(X)}, all a rule can read. */
    public static final java.util.List<String> PLAIN = java.util.List.of(
            "estimated_precision", "estimated_recall", "estimated_accuracy", "dropped_predictions");

    /**
     * Checks that an alert rule's metric is one this source can give: a rule on a misspelt metric would
     * never have a value, so it would never fire.
     *
     * @throws IllegalArgumentException naming the metrics there are
     */
    public static void check(String metric) {
        if (!(PLAIN.contains(metric) || detectorOf(metric).isPresent())) {
            throw new IllegalArgumentException("unknown metric '" + metric + "' (metrics: drift(DETECTOR), statistic(DETECTOR), "
                    + String.join(", ", PLAIN) + ")");
        }
    }

    /** X of {@code drift(X)} or {@code statistic(X)}. */
    public static java.util.Optional<String> detectorOf(String metric) {
        for (String f : java.util.List.of("drift(", "statistic(")) {
            if (metric.startsWith(f) && metric.endsWith(")") && metric.length() > f.length() + 1) {
                return java.util.Optional.of(metric.substring(f.length(), metric.length() - 1));
            }
        }
        return java.util.Optional.empty();
    }

    /** Whether the detector has seen enough to say anything: {@link #WARM_UP} predictions, or an alarm. */
    private static boolean warm(DetectorState d) {
        return d.observed() >= WARM_UP || d.alarms() > 0;
    }

    private java.util.Optional<DetectorState> detector(String name) {
        return monitor.detectors().stream().filter(d -> d.monitor().equals(name)).findFirst();
    }
}
