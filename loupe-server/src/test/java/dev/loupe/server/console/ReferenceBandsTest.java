package dev.loupe.server.console;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The reference's bands and score shares the console draws: a NaN is unknown, never a value at the bottom. */
class ReferenceBandsTest {

    @Test
    void shares_nanScores_areLeftOut_notCountedInTheLowestBin() {
        double[] s = ReferenceBands.shares(new double[] {Double.NaN, 0.97, Double.NaN, 0.99});

        assertThat(s[0]).isZero();
        assertThat(s[ReferenceBands.SCORE_BINS - 1]).isEqualTo(1.0);
    }

    @Test
    void band_nanValues_areLeftOut() {
        ReferenceBands.Band b = ReferenceBands.band(new double[] {0.2, Double.NaN, 0.4, Double.NaN});

        assertThat(b.mean()).isCloseTo(0.3, within(1e-12));
        assertThat(b.p05()).isEqualTo(0.2);
        assertThat(b.p95()).isEqualTo(0.4);
    }
}
