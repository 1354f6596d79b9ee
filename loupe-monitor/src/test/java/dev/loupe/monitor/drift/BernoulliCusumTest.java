package dev.loupe.monitor.drift;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class BernoulliCusumTest {

    @Test
    void errorRate_noChange_falseAlarmsWithinBudget() {
        double budget = 5_000;
        BernoulliCusum c = new BernoulliCusum("error-rate", 0.05, 0.10, budget);
        SplittableRandom rnd = new SplittableRandom(9);
        int alarms = 0;
        int n = 2_000_000;
        for (int i = 0; i < n; i++) {
            if (c.observe(rnd.nextDouble() < 0.05) instanceof DriftVerdict.Drift) {
                alarms++;
            }
        }
        assertThat((double) n / alarms).isBetween(budget * 0.6, budget * 2.0);
    }

    @Test
    void errorRate_fivePercentToTen_detectedWithinAbout330Labels_at1e5Budget() {
        SplittableRandom rnd = new SplittableRandom(21);
        double[] delays = new double[200];
        for (int r = 0; r < delays.length; r++) {
            BernoulliCusum c = new BernoulliCusum("error-rate", 0.05, 0.10, 1e5);
            int change = 1_000;
            for (int i = 0; ; i++) {
                boolean error = rnd.nextDouble() < (i >= change ? 0.10 : 0.05);
                if (c.observe(error) instanceof DriftVerdict.Drift d) {
                    if (i < change) {
                        continue;
                    }
                    delays[r] = i - change + 1;
                    assertThat(d.effectSize()).isGreaterThan(0.05);
                    break;
                }
            }
        }
        assertThat(CusumTest.median(delays)).isLessThanOrEqualTo(380);
    }
}
