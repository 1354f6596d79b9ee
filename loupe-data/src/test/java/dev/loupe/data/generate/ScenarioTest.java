package dev.loupe.data.generate;

import dev.loupe.core.image.ImageStats;
import org.junit.jupiter.api.Test;

import java.util.function.ToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioTest {
    private static final int LENGTH = 500;

    private static ProductionLine line(Scenario s, double defectRate) {
        return new ProductionLine(s, 21, new LineOptions(64, defectRate, LENGTH));
    }

    /** Mean of a statistic over rendered frames [from, to). */
    private static double mean(ProductionLine line, int from, int to, ToDoubleFunction<ImageStats> stat) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += stat.applyAsDouble(ImageStats.of(line.frame(i).image()));
        }
        return sum / (to - from);
    }

    @Test
    void fromName_everyCliName_roundTrips() {
        for (Scenario s : Scenario.values()) {
            assertThat(Scenario.fromName(s.cliName())).isEqualTo(s);
        }
        assertThat(Scenario.fromName("New-Variant")).isEqualTo(Scenario.NEW_VARIANT);
    }

    @Test
    void fromName_unknown_listsTheValidNames() {
        assertThatThrownBy(() -> Scenario.fromName("sunny"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown scenario 'sunny'; valid scenarios: stable, dimming, defocus, new-variant, "
                        + "new-defect, defect-surge");
    }

    @Test
    void ramp_isZeroUntilThirtyPercent_thenRisesToOneAtTheEnd() {
        assertThat(Scenario.onsetFrame(1000)).isEqualTo(300);
        assertThat(Scenario.ramp(0, 1000)).isZero();
        assertThat(Scenario.ramp(300, 1000)).isZero();
        assertThat(Scenario.ramp(650, 1000)).isBetween(0.49, 0.51);
        assertThat(Scenario.ramp(999, 1000)).isEqualTo(1.0);
        assertThat(Scenario.ramp(5000, 1000)).isEqualTo(1.0);
        assertThat(Scenario.active(299, 1000)).isFalse();
        assertThat(Scenario.active(300, 1000)).isTrue();
    }

    @Test
    void stable_brightnessAndSharpness_doNotDrift() {
        ProductionLine line = line(Scenario.STABLE, 0.25);
        double early = mean(line, 0, 100, ImageStats::brightness);
        double late = mean(line, 400, 500, ImageStats::brightness);
        assertThat(Math.abs(late - early)).isLessThan(0.02);
        double earlySharpness = mean(line, 0, 100, ImageStats::sharpness);
        double lateSharpness = mean(line, 400, 500, ImageStats::sharpness);
        assertThat(lateSharpness / earlySharpness).isBetween(0.8, 1.25);
    }

    @Test
    void dimming_lastFifth_isClearlyDarkerThanFirstFifth() {
        ProductionLine line = line(Scenario.DIMMING, 0.25);
        double early = mean(line, 0, 100, ImageStats::brightness);
        double late = mean(line, 400, 500, ImageStats::brightness);
        assertThat(late).isLessThan(early * 0.7);
        // the manifest's lighting is the true lamp level: 1 before the onset, falling to 0.45 at the end
        assertThat(line.factors(100).lighting()).isBetween(0.88, 1.12);
        assertThat(line.factors(499).lighting()).isBetween(0.45 * 0.88, 0.45 * 1.12);
    }

    @Test
    void defocus_sharpnessFalls_andBlurFactorGrows() {
        ProductionLine line = line(Scenario.DEFOCUS, 0.25);
        double early = mean(line, 0, 100, ImageStats::sharpness);
        double late = mean(line, 400, 500, ImageStats::sharpness);
        assertThat(late).isLessThan(early * 0.5);
        assertThat(line.factors(499).blur()).isGreaterThan(line.factors(100).blur() + 1.0);
    }

    @Test
    void newVariant_coralAppearsOnlyAfterOnset_andLooksRed() {
        ProductionLine line = line(Scenario.NEW_VARIANT, 0.25);
        int before = 0, after = 0;
        for (int i = 0; i < LENGTH; i++) {
            boolean coral = line.factors(i).variant() == Variant.CORAL;
            if (i < Scenario.onsetFrame(LENGTH)) {
                before += coral ? 1 : 0;
            } else {
                after += coral ? 1 : 0;
            }
        }
        assertThat(before).isZero();
        assertThat(after).isBetween(140, 210); // half of the 350 frames after the onset
        int coralFrame = 150;
        while (line.factors(coralFrame).variant() != Variant.CORAL) {
            coralFrame++;
        }
        ImageStats coral = ImageStats.of(line.frame(coralFrame).image());
        assertThat(coral.red()).isGreaterThan(coral.blue() + 0.05);
    }

    @Test
    void newDefect_cracksAppearOnlyInNewDefect_afterOnset() {
        ProductionLine stable = line(Scenario.STABLE, 1.0);
        ProductionLine newDefect = line(Scenario.NEW_DEFECT, 1.0);
        int stableCracks = 0, before = 0, after = 0;
        for (int i = 0; i < LENGTH; i++) {
            stableCracks += stable.factors(i).defectType() == DefectType.CRACK ? 1 : 0;
            if (newDefect.factors(i).defectType() == DefectType.CRACK) {
                if (i < Scenario.onsetFrame(LENGTH)) {
                    before++;
                } else {
                    after++;
                }
            }
        }
        assertThat(stableCracks).isZero();
        assertThat(before).isZero();
        assertThat(after).isBetween(140, 210);
    }

    @Test
    void defectSurge_rateRisesFromTwoToTenPercent_whateverTheRequestedRate() {
        int length = 20_000;
        ProductionLine line = new ProductionLine(Scenario.DEFECT_SURGE, 21, new LineOptions(64, 0.5, length));
        long onset = Scenario.onsetFrame(length);
        int before = 0, after = 0;
        for (int i = 0; i < length; i++) {
            if (line.factors(i).defective()) {
                if (i < onset) {
                    before++;
                } else {
                    after++;
                }
            }
        }
        assertThat((double) before / onset).isBetween(0.015, 0.025);
        assertThat((double) after / (length - onset)).isBetween(0.09, 0.11);
    }

    @Test
    void scenarios_withTheSameSeed_makeTheSameParts_beforeTheOnset() {
        ProductionLine stable = line(Scenario.STABLE, 0.25);
        for (Scenario s : Scenario.values()) {
            if (s == Scenario.DEFECT_SURGE) {
                continue; // its own defect rate
            }
            assertThat(line(s, 0.25).frame(10).png()).as(s.cliName()).isEqualTo(stable.frame(10).png());
        }
    }
}
