package dev.loupe.train.eval;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Every metric against values computed by hand on one fixed prediction set with ties:
 * <pre>
 * score    0.9  0.8  0.8  0.6  0.4  0.4  0.2  0.1
 * defect?  yes  yes  no   yes  yes  no   no   no
 * </pre>
 */
class BinaryMetricsTest {

    static final double[] SCORES = {0.9, 0.8, 0.8, 0.6, 0.4, 0.4, 0.2, 0.1};
    static final boolean[] DEFECT = {true, true, false, true, true, false, false, false};

    @Test
    void auroc_withTies_isMannWhitneyOverMidranks() {
        // midranks ascending: 0.1->1, 0.2->2, 0.4->3.5 (x2), 0.6->5, 0.8->6.5 (x2), 0.9->8
        // defects' ranks 8 + 6.5 + 5 + 3.5 = 23; U = 23 - 4*5/2 = 13; AUROC = 13 / (4*4)
        assertThat(RankMetrics.auroc(SCORES, DEFECT)).isEqualTo(13.0 / 16);
    }

    @Test
    void auroc_allScoresTied_isOneHalf() {
        assertThat(RankMetrics.auroc(new double[]{0.3, 0.3, 0.3}, new boolean[]{true, false, false})).isEqualTo(0.5);
    }

    @Test
    void auroc_perfectAndInverted_areOneAndZero() {
        assertThat(RankMetrics.auroc(new double[]{0.9, 0.1}, new boolean[]{true, false})).isEqualTo(1.0);
        assertThat(RankMetrics.auroc(new double[]{0.1, 0.9}, new boolean[]{true, false})).isEqualTo(0.0);
    }

    @Test
    void auroc_oneClassOnly_isUndefined() {
        assertThat(RankMetrics.auroc(new double[]{0.1, 0.9}, new boolean[]{false, false})).isNaN();
    }

    @Test
    void averagePrecision_tiedScoresEnterTogether() {
        // 0.9: R .25 P 1; 0.8 (yes+no): R .5 P 2/3; 0.6: R .75 P 3/4; 0.4 (yes+no): R 1 P 4/6
        // AP = .25*1 + .25*2/3 + .25*3/4 + .25*4/6 = 37/48
        assertThat(RankMetrics.averagePrecision(SCORES, DEFECT)).isCloseTo(37.0 / 48, within(1e-12));
    }

    @Test
    void of_atThresholdHalf_countsAndRatiosByHand() {
        BinaryMetrics m = BinaryMetrics.of(SCORES, DEFECT, 0.5);
        assertThat(m.confusion()).isEqualTo(new Confusion(3, 1, 3, 1));
        assertThat(m.accuracy()).isEqualTo(0.75);
        assertThat(m.precision()).isEqualTo(0.75);
        assertThat(m.recall()).isEqualTo(0.75);
        assertThat(m.f1()).isEqualTo(0.75);
        assertThat(m.falseRejectRate()).isEqualTo(0.25);
    }

    @Test
    void of_scoreEqualToThreshold_rejects() {
        assertThat(BinaryMetrics.of(SCORES, DEFECT, 0.8).confusion()).isEqualTo(new Confusion(2, 1, 3, 2));
    }

    @Test
    void of_nothingRejected_precisionUndefinedF1Undefined() {
        BinaryMetrics m = BinaryMetrics.of(SCORES, DEFECT, 0.95);
        assertThat(m.precision()).isNaN();
        assertThat(m.f1()).isNaN();
        assertThat(m.recall()).isZero();
    }

    @Test
    void thresholdForRecall_fullRecall_isTheLowestDefectScore() {
        ThresholdChoice c = ThresholdChoice.forRecall(SCORES, DEFECT, 1.0);
        assertThat(c.threshold()).isEqualTo(0.4);
        assertThat(c.recall()).isEqualTo(1.0);
        assertThat(c.falseRejectRate()).isEqualTo(0.5); // good parts at 0.8 and 0.4
    }

    @Test
    void thresholdForRecall_partialTarget_isTheHighestThatMeetsIt() {
        // 0.7 of 4 defects -> ceil(2.8) = 3 must be caught -> the third-highest defect score, 0.6
        ThresholdChoice c = ThresholdChoice.forRecall(SCORES, DEFECT, 0.7);
        assertThat(c.threshold()).isEqualTo(0.6);
        assertThat(c.recall()).isEqualTo(0.75);
        assertThat(c.falseRejectRate()).isEqualTo(0.25);
        assertThat(ThresholdChoice.forRecall(SCORES, DEFECT, 0.75).threshold()).isEqualTo(0.6);
    }

    @Test
    void thresholdForRecall_noDefects_isRefused() {
        assertThatThrownBy(() -> ThresholdChoice.forRecall(new double[]{0.2}, new boolean[]{false}, 0.9))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void latency_medianAndNearestRankP99() {
        Latency l = Latency.ofNanos(new long[]{1_000_000, 3_000_000, 2_000_000, 4_000_000});
        assertThat(l.medianMillis()).isEqualTo(2.5);
        assertThat(l.p99Millis()).isEqualTo(4.0);
    }
}
