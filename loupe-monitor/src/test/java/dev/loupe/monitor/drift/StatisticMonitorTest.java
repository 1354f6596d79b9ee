package dev.loupe.monitor.drift;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class StatisticMonitorTest {

    @Test
    void skewedStatistic_noDrift_respectsBudget() {
        // sharpness-like: log-normal, nothing like a normal distribution
        SplittableRandom rnd = new SplittableRandom(3);
        double[] ref = new double[5_000];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = Math.exp(CusumTest.gauss(rnd));
        }
        StatisticMonitor m = new StatisticMonitor("sharpness", ref, 1.0, 5_000);
        int alarms = 0;
        for (int i = 0; i < 1_000_000; i++) {
            if (m.observe(Math.exp(CusumTest.gauss(rnd))) instanceof DriftVerdict.Drift) {
                alarms++;
            }
        }
        // expected 200 for an exact calibration; the reference's finite size adds some spread
        assertThat(alarms).isBetween(100, 400);
    }

    @Test
    void nanValues_areCountedAsMissing_notReadAsADriftDownward() {
        SplittableRandom rnd = new SplittableRandom(4);
        double[] ref = new double[2_000];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = CusumTest.gauss(rnd);
        }
        StatisticMonitor m = new StatisticMonitor("contrast", ref, 1.0, 1e6);
        for (int i = 0; i < 1_000; i++) {
            double v = i % 2 == 0 ? Double.NaN : CusumTest.gauss(rnd);
            assertThat(m.observe(v)).as("observation " + i).isInstanceOf(DriftVerdict.Stable.class);
        }
        assertThat(m.missing()).isEqualTo(500);
        assertThat(m.observed()).isEqualTo(1_000);
        assertThat(m.statistic()).isLessThan(m.threshold());
    }

    @Test
    void shiftAmongNaNs_isReportedInTheCallersNumbering() {
        SplittableRandom rnd = new SplittableRandom(6);
        double[] ref = new double[2_000];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = CusumTest.gauss(rnd);
        }
        StatisticMonitor m = new StatisticMonitor("brightness", ref, 1.0, 1e6);
        DriftVerdict.Drift d = null;
        for (int i = 0; i < 2_000 && d == null; i++) {
            double v = i % 3 == 0 ? Double.NaN : CusumTest.gauss(rnd) + (i >= 600 ? -2 : 0);
            if (m.observe(v, 10_000 + i) instanceof DriftVerdict.Drift drift) {
                d = drift;
            }
        }
        assertThat(d).isNotNull();
        assertThat(d.direction()).isEqualTo("down");
        assertThat(d.estimatedStart()).isBetween(10_000 + 590L, 10_000 + 620L);
        assertThat(d.effectSize()).isBetween(-3.0, -1.0); // the mean of the scores fed, NaNs not among them
    }

    @Test
    void nanInTheReference_isLeftOutOfIt() {
        SplittableRandom rnd = new SplittableRandom(8);
        double[] ref = new double[500];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = CusumTest.gauss(rnd);
        }
        double[] withNaN = java.util.stream.DoubleStream.concat(java.util.Arrays.stream(ref),
                java.util.stream.DoubleStream.generate(() -> Double.NaN).limit(100)).toArray();
        NormalScores clean = new NormalScores(ref);
        NormalScores dirty = new NormalScores(withNaN);
        assertThat(dirty.size()).isEqualTo(500);
        assertThat(dirty.median()).isEqualTo(clean.median());
        for (double x : new double[]{-3, -0.5, 0, 0.7, 2.9, 10}) {
            assertThat(dirty.cdf(x)).isEqualTo(clean.cdf(x));
        }
    }

    @Test
    void correlatedFrames_iidCalibrationOverAlarms_streamCalibrationRespectsBudget() {
        double rho = 0.6;
        double[] ref = ar1(20_000, rho, 11);
        double[] z = new double[ref.length];
        NormalScores scores = new NormalScores(ref);
        for (int i = 0; i < ref.length; i++) {
            z[i] = scores.z(ref[i]);
        }
        // theory for AR(1): (1 + rho) / (1 - rho) = 4
        assertThat(Calibration.longRunVarianceFactor(z, 60, 5)).isBetween(3.0, 5.0);

        double budget = 20_000;
        double[] stream = ar1(2_000_000, rho, 12);
        int naive = countAlarms(new StatisticMonitor("x", ref, 0.5, budget), stream);
        int corrected = countAlarms(StatisticMonitor.forStream("x", ref, 0.5, budget, 5), stream);
        assertThat(naive).isGreaterThan(10 * 100);     // i.i.d. calibration: over ten times the budget
        assertThat(corrected).isBetween(40, 250);      // ~100 expected
    }

    @Test
    void shifts_halfAndOneSigma_detectedWithinTheTargetDelays() {
        SplittableRandom rnd = new SplittableRandom(21);
        double[] ref = new double[2_000];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = CusumTest.gauss(rnd);
        }
        // issue 7's targets at a budget of 10^6 images per false alarm: <= 90 images at 0.5σ, <= 30 at 1σ
        assertThat(medianDelay(ref, 0.5, rnd)).isBetween(50, 90);
        assertThat(medianDelay(ref, 1.0, rnd)).isBetween(15, 30);
    }

    /** Images from a shift to the alarm, median over 41 seeded streams that start shifted. */
    private static int medianDelay(double[] ref, double shift, SplittableRandom rnd) {
        int[] delays = new int[41];
        for (int r = 0; r < delays.length; r++) {
            StatisticMonitor m = new StatisticMonitor("x", ref, 0.5, 1e6);
            int n = 1;
            while (!(m.observe(CusumTest.gauss(rnd) + shift) instanceof DriftVerdict.Drift)) {
                n++;
            }
            delays[r] = n;
        }
        java.util.Arrays.sort(delays);
        return delays[delays.length / 2];
    }

    private static int countAlarms(StatisticMonitor m, double[] stream) {
        int n = 0;
        for (double v : stream) {
            if (m.observe(v) instanceof DriftVerdict.Drift) {
                n++;
            }
        }
        return n;
    }

    static double[] ar1(int n, double rho, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] out = new double[n];
        double x = 0;
        double innovation = Math.sqrt(1 - rho * rho);
        for (int i = 0; i < n; i++) {
            x = rho * x + innovation * CusumTest.gauss(rnd);
            out[i] = x;
        }
        return out;
    }
}
