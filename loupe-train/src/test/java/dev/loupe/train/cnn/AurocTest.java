package dev.loupe.train.cnn;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AurocTest {

    @Test
    void of_perfectRanking_isOne() {
        assertThat(Auroc.of(new float[] {0.1f, 0.2f, 0.8f, 0.9f}, new int[] {0, 0, 1, 1})).isEqualTo(1.0);
    }

    @Test
    void of_invertedRanking_isZero() {
        assertThat(Auroc.of(new float[] {0.9f, 0.8f, 0.2f, 0.1f}, new int[] {0, 0, 1, 1})).isEqualTo(0.0);
    }

    @Test
    void of_ties_countOneHalf() {
        // pairs (defect, ok): (0.5 vs 0.5) = 1/2, (0.5 vs 0.1) = 1, (0.9 vs both) = 2 -> 3.5 / 4
        assertThat(Auroc.of(new float[] {0.5f, 0.1f, 0.5f, 0.9f}, new int[] {0, 0, 1, 1})).isEqualTo(0.875);
    }

    @Test
    void of_oneClassOnly_isNaN() {
        assertThat(Auroc.of(new float[] {0.1f, 0.2f}, new int[] {1, 1})).isNaN();
    }
}
