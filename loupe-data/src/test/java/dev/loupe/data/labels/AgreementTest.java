package dev.loupe.data.labels;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AgreementTest {

    /** Fleiss (1971), Table 1 as printed in R's irr::diagnoses: 30 patients, 6 psychiatrists, 5 diagnoses. */
    static final int[][] FLEISS_1971 = {
            {4, 4, 4, 4, 4, 4}, {2, 2, 2, 5, 5, 5}, {2, 3, 3, 3, 3, 5}, {5, 5, 5, 5, 5, 5}, {2, 2, 2, 4, 4, 4},
            {1, 1, 3, 3, 3, 3}, {3, 3, 3, 3, 5, 5}, {1, 1, 3, 3, 3, 4}, {1, 1, 4, 4, 4, 4}, {5, 5, 5, 5, 5, 5},
            {1, 4, 4, 4, 4, 4}, {1, 2, 4, 4, 4, 4}, {2, 2, 2, 3, 3, 3}, {1, 4, 4, 4, 4, 4}, {2, 2, 4, 4, 4, 5},
            {3, 3, 3, 3, 3, 5}, {1, 1, 1, 4, 5, 5}, {1, 1, 1, 1, 1, 2}, {2, 2, 4, 4, 4, 4}, {1, 3, 3, 5, 5, 5},
            {5, 5, 5, 5, 5, 5}, {2, 4, 4, 4, 4, 4}, {2, 2, 4, 5, 5, 5}, {1, 1, 4, 4, 4, 4}, {1, 4, 4, 4, 4, 5},
            {2, 2, 2, 2, 2, 4}, {1, 1, 1, 1, 5, 5}, {2, 2, 4, 4, 4, 4}, {1, 3, 3, 3, 3, 3}, {5, 5, 5, 5, 5, 5}};

    @Test
    void cohen_wikipediaYesNoExample_is0_4() {
        // 50 proposals: both yes 20, A yes B no 5, A no B yes 10, both no 15 -> p_o 0.7, p_e 0.5, kappa 0.4
        Agreement k = CohenKappa.between(Tables.contingency(new int[][]{{20, 5}, {10, 15}}), 0, 1);

        assertThat(k).isInstanceOf(Agreement.Measured.class);
        Agreement.Measured m = (Agreement.Measured) k;
        assertThat(m.observed()).isCloseTo(0.7, within(1e-12));
        assertThat(m.expected()).isCloseTo(0.5, within(1e-12));
        assertThat(m.value()).isCloseTo(0.4, within(1e-12));
        assertThat(m.items()).isEqualTo(50);
    }

    @Test
    void cohen_sasThreeCategoryExample_is0_4842() {
        // SAS PROC FREQ example reproduced in statsmodels' tests: kappa 0.4842
        Agreement k = CohenKappa.between(Tables.contingency(new int[][]{{0, 4, 1}, {0, 8, 0}, {0, 1, 5}}), 0, 1);

        assertThat(k.value()).isCloseTo(0.4842, within(5e-5));
    }

    @Test
    void cohen_bothAlwaysGiveTheSameSingleLabel_isUndefinedNotOne() {
        LabelTable t = Tables.rows(new String[]{"ok", "ok"}, new String[]{"ok", "ok"}, new String[]{"ok", "ok"});

        Agreement k = CohenKappa.between(t, 0, 1);

        assertThat(k).isEqualTo(new Agreement.Undefined(Agreement.Reason.SINGLE_LABEL, 3));
        assertThat(k.value()).isNaN();
    }

    @Test
    void cohen_annotatorsWithNoCommonItem_isUndefinedNoOverlap() {
        LabelTable t = Tables.rows(new String[]{"ok", null}, new String[]{null, "defect"});

        assertThat(CohenKappa.between(t, 0, 1)).isEqualTo(new Agreement.Undefined(Agreement.Reason.NO_OVERLAP, 0));
    }

    @Test
    void cohen_oppositeLabelsOnEveryItem_isMinusOne() {
        LabelTable t = Tables.rows(new String[]{"ok", "defect"}, new String[]{"defect", "ok"});

        assertThat(CohenKappa.between(t, 0, 1).value()).isCloseTo(-1, within(1e-12));
    }

    @Test
    void fleiss_wikipediaTenSubjectsFourteenRaters_is0_210() {
        int[][] counts = {{0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1},
                {7, 7, 0, 0, 0}, {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7}};

        Agreement.Measured m = (Agreement.Measured) FleissKappa.of(Tables.counts(counts));

        assertThat(m.observed()).isCloseTo(0.378, within(5e-4));
        assertThat(m.expected()).isCloseTo(0.213, within(5e-4));
        assertThat(m.value()).isCloseTo(0.210, within(5e-4));
    }

    @Test
    void fleiss_fleiss1971Diagnoses_is0_430() {
        // Fleiss (1971) reports 0.430; R irr::kappam.fleiss gives 0.4302445
        assertThat(FleissKappa.of(Tables.coded(FLEISS_1971)).value()).isCloseTo(0.4302445, within(1e-7));
    }

    @Test
    void fleiss_everyRatingTheSameLabel_isUndefined() {
        LabelTable t = Tables.rows(new String[]{"ok", "ok", "ok"}, new String[]{"ok", "ok", "ok"});

        assertThat(FleissKappa.of(t)).isEqualTo(new Agreement.Undefined(Agreement.Reason.SINGLE_LABEL, 2));
    }

    @Test
    void alpha_krippendorff2011MissingDataExample_is0_743() {
        // Krippendorff (2011), "Computing Krippendorff's alpha-reliability", C: 4 observers, 12 units, nominal
        int[][] byObserver = {
                {1, 2, 3, 3, 2, 1, 4, 1, 2, 0, 0, 0},
                {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 0, 3},
                {0, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 0},
                {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, 0}};
        int[][] byUnit = new int[12][4];
        for (int o = 0; o < 4; o++) {
            for (int u = 0; u < 12; u++) {
                byUnit[u][o] = byObserver[o][u];
            }
        }

        Agreement a = KrippendorffAlpha.nominal(Tables.coded(byUnit));

        assertThat(a.value()).isCloseTo(0.743, within(5e-4));
        assertThat(a.items()).isEqualTo(11); // unit 12 has a single value and is not pairable
    }

    @Test
    void alpha_completeTableOfFleiss1971_isFleissKappaCorrectedForSampleSize() {
        // on complete data alpha = 1 - (1 - kappa_F) * (nN - 1) / (nN) ... approximately kappa_F, slightly above
        LabelTable t = Tables.coded(FLEISS_1971);
        double kappa = FleissKappa.of(t).value();
        double alpha = KrippendorffAlpha.nominal(t).value();

        assertThat(alpha).isGreaterThan(kappa).isCloseTo(kappa, within(0.01));
    }

    @Test
    void alpha_noItemWithTwoLabels_isUndefinedNoOverlap() {
        LabelTable t = Tables.rows(new String[]{"ok", null}, new String[]{null, "defect"});

        assertThat(KrippendorffAlpha.nominal(t)).isEqualTo(new Agreement.Undefined(Agreement.Reason.NO_OVERLAP, 0));
    }
}
