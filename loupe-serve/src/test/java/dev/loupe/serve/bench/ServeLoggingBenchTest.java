package dev.loupe.serve.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ServeLoggingBenchTest {

    @Test
    void quantile_interpolatesBetweenTheSortedRounds() {
        double[] rounds = {1.04, 0.91, 0.97, 0.95}; // sorted: 0.91 0.95 0.97 1.04
        assertThat(ServeLoggingBench.quantile(rounds, 0.25)).isCloseTo(0.94, within(1e-12)); // 0.91 + 0.75 × 0.04
        assertThat(ServeLoggingBench.quantile(rounds, 0.75)).isCloseTo(0.9875, within(1e-12)); // 0.97 + 0.25 × 0.07
        assertThat(ServeLoggingBench.quantile(rounds, 0)).isEqualTo(0.91);
        assertThat(ServeLoggingBench.quantile(rounds, 1)).isEqualTo(1.04);
        assertThat(rounds).containsExactly(1.04, 0.91, 0.97, 0.95); // the rounds are left in their order
    }

    @Test
    void quantile_ofOneRound_isThatRound() {
        assertThat(ServeLoggingBench.quantile(new double[] {0.97}, 0.25)).isEqualTo(0.97);
        assertThat(ServeLoggingBench.quantile(new double[] {0.97}, 0.75)).isEqualTo(0.97);
    }
}
