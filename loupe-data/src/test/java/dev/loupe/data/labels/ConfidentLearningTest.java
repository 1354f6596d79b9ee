package dev.loupe.data.labels;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ConfidentLearningTest {

    // given 0,0,0,1,1,1; p(class 1) = .1 .2 .9 .8 .7 .3
    static final double[][] PROBS = {{.9, .1}, {.8, .2}, {.1, .9}, {.2, .8}, {.3, .7}, {.7, .3}};
    static final int[] GIVEN = {0, 0, 0, 1, 1, 1};

    @Test
    void thresholds_areTheMeanSelfConfidenceOfEachGivenClass() {
        ConfidentLearning.Result r = ConfidentLearning.find(PROBS, GIVEN);

        // t0 = (.9 + .8 + .1) / 3, t1 = (.8 + .7 + .3) / 3
        assertThat(r.thresholds()[0]).isCloseTo(0.6, within(1e-12));
        assertThat(r.thresholds()[1]).isCloseTo(0.6, within(1e-12));
    }

    @Test
    void confidentJoint_countsGivenAgainstConfidentClass() {
        ConfidentLearning.Result r = ConfidentLearning.find(PROBS, GIVEN);

        assertThat(r.confidentJoint()).isDeepEqualTo(new int[][]{{2, 1}, {1, 2}});
    }

    @Test
    void suspects_areOffDiagonalItemsMostConfidentlyWrongFirst() {
        ConfidentLearning.Result r = ConfidentLearning.find(PROBS, GIVEN);

        assertThat(r.suspects()).containsExactly(
                new ConfidentLearning.Suspect(2, 0, 1, 0.1 - 0.9),
                new ConfidentLearning.Suspect(5, 1, 0, 0.3 - 0.7));
    }

    @Test
    void item_belowEveryThreshold_isNotCounted() {
        double[][] p = {{.9, .05, .05}, {.05, .9, .05}, {.05, .05, .9}, {.34, .33, .33}};
        int[] given = {0, 1, 2, 1};

        ConfidentLearning.Result r = ConfidentLearning.find(p, given);

        // t1 = (.9 + .33) / 2 = .615; the last item clears no threshold
        int counted = 0;
        for (int[] row : r.confidentJoint()) {
            for (int c : row) {
                counted += c;
            }
        }
        assertThat(counted).isEqualTo(3);
        assertThat(r.suspects()).isEmpty();
    }

    @Test
    void classNobodyWasGiven_isNeverConfident() {
        double[][] p = {{.2, .8}, {.9, .1}};
        int[] given = {0, 0};

        ConfidentLearning.Result r = ConfidentLearning.find(p, given);

        assertThat(r.thresholds()[1]).isNaN();
        assertThat(r.suspects()).isEmpty();
    }

    @Test
    void plantedFlippedLabels_areFoundAmongTheTopSuspects() {
        Random rnd = new Random(42);
        int n = 1000;
        double[][] p = new double[n][];
        int[] given = new int[n];
        boolean[] flipped = new boolean[n];
        for (int x = 0; x < n; x++) {
            int truth = rnd.nextInt(3);
            double[] row = new double[3];
            double confidence = 0.8 + 0.19 * rnd.nextDouble();
            for (int j = 0; j < 3; j++) {
                row[j] = j == truth ? confidence : (1 - confidence) / 2;
            }
            p[x] = row;
            flipped[x] = x % 20 == 0;
            given[x] = flipped[x] ? (truth + 1 + rnd.nextInt(2)) % 3 : truth;
        }

        ConfidentLearning.Result r = ConfidentLearning.find(p, given);

        long found = r.suspects().stream().filter(s -> flipped[s.index()]).count();
        // an item is found when the model's probability of its true class clears that class's mean
        // self-confidence (about 0.85 here): about 70% of the 50 planted, and nothing else
        assertThat(found).isGreaterThanOrEqualTo(30);
        assertThat(r.suspects()).allSatisfy(s -> assertThat(flipped[s.index()]).isTrue());
    }

    @Test
    void find_probabilityOutsideZeroOne_isRejected() {
        assertThatThrownBy(() -> ConfidentLearning.find(new double[][]{{1.2, -0.2}}, new int[]{0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 0");
    }
}
