package dev.loupe.monitor.estimate;

import org.junit.jupiter.api.Test;

import dev.loupe.core.image.ImageStats;
import dev.loupe.monitor.reference.Reference;

import java.time.Instant;
import java.util.Collections;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PerformanceEstimatorTest {

    /** A model whose raw score is miscalibrated: P(defect | s) = s², not s. */
    private static boolean truth(SplittableRandom rnd, double s) {
        return rnd.nextDouble() < s * s;
    }

    private static IsotonicCalibration fitted(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] s = new double[5_000];
        boolean[] y = new boolean[s.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = rnd.nextDouble();
            y[i] = truth(rnd, s[i]);
        }
        return IsotonicCalibration.fit(s, y);
    }

    @Test
    void isotonic_learnsTheTrueProbability_monotone() {
        IsotonicCalibration c = fitted(1);
        assertThat(c.probability(0.5)).isCloseTo(0.25, within(0.06));
        assertThat(c.probability(0.9)).isCloseTo(0.81, within(0.06));
        double last = -1;
        for (double s = 0; s <= 1; s += 0.01) {
            assertThat(c.probability(s)).isGreaterThanOrEqualTo(last);
            last = c.probability(s);
        }
    }

    @Test
    void covariateShift_estimateMatchesTheRealisedRecallAndPrecision() {
        IsotonicCalibration c = fitted(2);
        PerformanceEstimator est = new PerformanceEstimator(c, 0.6, 20_000);
        SplittableRandom rnd = new SplittableRandom(3);
        int tp = 0, fp = 0, fn = 0;
        for (int i = 0; i < 20_000; i++) {
            double s = Math.sqrt(rnd.nextDouble()); // shifted: more high scores than the reference had
            boolean y = truth(rnd, s);
            boolean predicted = s >= 0.6;
            tp += predicted && y ? 1 : 0;
            fp += predicted && !y ? 1 : 0;
            fn += !predicted && y ? 1 : 0;
            est.observe(s);
        }
        PerformanceEstimate e = est.estimate();
        assertThat(e.recall()).isCloseTo((double) tp / (tp + fn), within(0.02));
        assertThat(e.precision()).isCloseTo((double) tp / (tp + fp), within(0.02));
        assertThat(e.predictions()).isEqualTo(20_000);
    }

    @Test
    void conceptDrift_isInvisibleToTheEstimate() {
        // a new defect type the model scores low: true recall collapses, the estimate cannot tell
        IsotonicCalibration c = fitted(4);
        PerformanceEstimator est = new PerformanceEstimator(c, 0.6, 10_000);
        SplittableRandom rnd = new SplittableRandom(5);
        int tp = 0, fn = 0;
        for (int i = 0; i < 10_000; i++) {
            double s = rnd.nextDouble();
            boolean newDefect = rnd.nextDouble() < 0.3;
            boolean y = newDefect || truth(rnd, s);
            tp += s >= 0.6 && y ? 1 : 0;
            fn += s < 0.6 && y ? 1 : 0;
            est.observe(s);
        }
        double realRecall = (double) tp / (tp + fn);
        // the estimate stays at the old recall (∫s² over [0.6, 1] / ∫s² = 0.784) while the real one fell to ~0.57
        assertThat(est.estimate().recall()).isCloseTo(0.784, within(0.03));
        assertThat(realRecall).isLessThan(0.62);
        assertThat(PerformanceEstimate.LIMITS).contains("concept drift");
    }

    @Test
    void window_keepsOnlyTheLastPredictions() {
        PerformanceEstimator est = new PerformanceEstimator(fitted(6), 0.6, 100);
        for (int i = 0; i < 1_000; i++) {
            est.observe(0.05);
        }
        for (int i = 0; i < 100; i++) {
            est.observe(0.99);
        }
        assertThat(est.estimate().precision()).isGreaterThan(0.9);
        assertThat(est.estimate().predictions()).isEqualTo(100);
    }
    @Test
    void forReference_nanScoresInTheReference_areLeftOutOfTheCalibration() {
        SplittableRandom rnd = new SplittableRandom(7);
        int n = 400, nans = 40;
        double[] scores = new double[n + nans];
        boolean[] positives = new boolean[n + nans];
        for (int i = 0; i < n; i++) {
            scores[i] = rnd.nextDouble();
            positives[i] = truth(rnd, scores[i]);
        }
        for (int i = n; i < n + nans; i++) {
            scores[i] = Double.NaN;
            positives[i] = i % 2 == 0;
        }
        Reference withNans = reference(scores, positives);
        Reference clean = reference(java.util.Arrays.copyOf(scores, n), java.util.Arrays.copyOf(positives, n));
        PerformanceEstimator a = PerformanceEstimator.forReference(withNans, 100).orElseThrow();
        PerformanceEstimator b = PerformanceEstimator.forReference(clean, 100).orElseThrow();
        for (int i = 0; i < 100; i++) {
            a.observe(0.99);
            b.observe(0.99);
        }

        assertThat(a.estimate().precision()).isFinite().isEqualTo(b.estimate().precision());
        assertThat(a.estimate().expectedPositives()).isEqualTo(b.estimate().expectedPositives());
    }

    private static Reference reference(double[] scores, boolean[] positives) {
        return Reference.ofStats("m", "1", "d", "defect", 0.6,
                Collections.nCopies(scores.length, new ImageStats(0.5, 0.1, 1, 0.5, 0.5, 0.5, 0)), scores, positives, Instant.EPOCH);
    }
}
