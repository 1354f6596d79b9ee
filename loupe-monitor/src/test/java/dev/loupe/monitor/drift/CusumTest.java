package dev.loupe.monitor.drift;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CusumTest {

    @Test
    void calibration_noDrift_falseAlarmRateMatchesBudget() {
        // a small budget so the check runs fast; the bench measures the 10^6 budget
        double budget = 2_000;
        Cusum cusum = Cusum.calibrated("x", 0.5, budget);
        SplittableRandom rnd = new SplittableRandom(1);
        int alarms = 0;
        int n = 4_000_000;
        for (int i = 0; i < n; i++) {
            if (cusum.observe(gauss(rnd), i) instanceof DriftVerdict.Drift) {
                alarms++;
            }
        }
        double observedArl = (double) n / alarms;
        assertThat(observedArl).isBetween(budget * 0.7, budget * 1.6);
    }

    @Test
    void detect_oneSigmaShift_withinAboutThirtyImages_atMillionBudget() {
        double[] delays = delays(1.0, 200);
        assertThat(median(delays)).isLessThanOrEqualTo(33);
    }

    @Test
    void detect_halfSigmaShift_withinAboutNinetyImages_atMillionBudget() {
        assertThat(median(delays(0.5, 200))).isLessThanOrEqualTo(95);
    }

    @Test
    void alarm_estimatesChangeStartAndEffect() {
        Cusum cusum = Cusum.calibrated("brightness", 0.5, 1e6);
        SplittableRandom rnd = new SplittableRandom(7);
        DriftVerdict.Drift drift = null;
        for (int i = 0; i < 5_000 && drift == null; i++) {
            double z = gauss(rnd) + (i >= 1_000 ? -2.0 : 0);
            if (cusum.observe(z, i) instanceof DriftVerdict.Drift d) {
                drift = d;
            }
        }
        assertThat(drift).isNotNull();
        assertThat(drift.direction()).isEqualTo("down");
        // the last zero of the CUSUM before the alarm: noise before the change can keep it above zero
        assertThat(drift.estimatedStart()).isBetween(990L, 1_010L);
        assertThat(drift.alarmAt()).isBetween(1_000L, 1_040L);
        assertThat(drift.effectSize()).isCloseTo(-2.0, within(0.6));
    }

    private static double[] delays(double shift, int reps) {
        double[] out = new double[reps];
        SplittableRandom rnd = new SplittableRandom(42);
        for (int r = 0; r < reps; r++) {
            Cusum cusum = Cusum.calibrated("x", 0.5, 1e6);
            int change = 500;
            for (int i = 0; ; i++) {
                double z = gauss(rnd) + (i >= change ? shift : 0);
                if (cusum.observe(z, i) instanceof DriftVerdict.Drift) {
                    if (i < change) { // a false alarm before the change: start over
                        cusum.reset();
                        continue;
                    }
                    out[r] = i - change + 1;
                    break;
                }
            }
        }
        return out;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    static double gauss(SplittableRandom rnd) {
        // Box-Muller; SplittableRandom has no nextGaussian in all JDKs' API surface used here
        double u = rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
