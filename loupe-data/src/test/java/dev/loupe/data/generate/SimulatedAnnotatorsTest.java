package dev.loupe.data.generate;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatedAnnotatorsTest {
    private static final int N = 6000;
    private final ProductionLine line = new ProductionLine(Scenario.STABLE, 9, new LineOptions(64, 0.3, N));
    private final SimulatedAnnotators panel = new SimulatedAnnotators(9, 3);

    @Test
    void annotator2_labelsSmallPitsOk_whileAnnotator1SeesThem() {
        int smallPits = 0, okBy1 = 0, okBy2 = 0;
        for (int i = 0; i < N; i++) {
            Factors f = line.factors(i);
            if (f.defectType() == DefectType.PITS && f.defectSize() < AnnotatorProfile.SMALL_PITS) {
                List<Label> labels = panel.label(f);
                smallPits++;
                okBy1 += labels.get(0) == Label.OK ? 1 : 0;
                okBy2 += labels.get(1) == Label.OK ? 1 : 0;
            }
        }
        assertThat(smallPits).isGreaterThan(100);
        assertThat((double) okBy2 / smallPits).isGreaterThan(0.9);
        assertThat((double) okBy1 / smallPits).isLessThan(0.1);
    }

    @Test
    void annotator3_takesDustForDefects_onGoodParts() {
        int dusty = 0, calledBy1 = 0, calledBy3 = 0;
        for (int i = 0; i < N; i++) {
            Factors f = line.factors(i);
            if (!f.defective() && f.dust() >= AnnotatorProfile.DUSTY) {
                List<Label> labels = panel.label(f);
                dusty++;
                calledBy1 += labels.get(0) == Label.DEFECT ? 1 : 0;
                calledBy3 += labels.get(2) == Label.DEFECT ? 1 : 0;
            }
        }
        assertThat(dusty).isGreaterThan(500);
        assertThat((double) calledBy3 / dusty).isBetween(0.25, 0.4);
        assertThat((double) calledBy1 / dusty).isLessThan(0.05);
    }

    @Test
    void annotator1_disagreesWithTheTruthAboutTwoPercentOfTheTime() {
        int wrong = 0;
        for (int i = 0; i < N; i++) {
            Factors f = line.factors(i);
            wrong += panel.label(f).get(0) != f.label() ? 1 : 0;
        }
        assertThat((double) wrong / N).isBetween(0.012, 0.028);
    }

    @Test
    void label_sameSeed_isDeterministic_andPanelSizeIsRespected() {
        Factors f = line.factors(17);
        assertThat(new SimulatedAnnotators(9, 3).label(f)).isEqualTo(panel.label(f));
        assertThat(new SimulatedAnnotators(9, 5).label(f)).hasSize(5).startsWith(panel.label(f).toArray(Label[]::new));
        assertThat(AnnotatorProfile.ofAnnotator(4)).isEqualTo(AnnotatorProfile.CAREFUL);
    }

    @Test
    void panel_tooLarge_isRefused() {
        assertThatThrownBy(() -> new SimulatedAnnotators(1, SimulatedAnnotators.MAX + 1))
                .hasMessageContaining("0.." + SimulatedAnnotators.MAX);
    }
}
