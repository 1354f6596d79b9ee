package dev.loupe.data.generate;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ProductionLineTest {
    private static final LineOptions OPTIONS = LineOptions.defaults().withStreamLength(1000);

    @Test
    void frame_sameSeedAndIndex_givesIdenticalPngBytes_inAnyOrder() {
        ProductionLine a = new ProductionLine(Scenario.STABLE, 7, OPTIONS);
        ProductionLine b = new ProductionLine(Scenario.STABLE, 7, OPTIONS);
        byte[] a5 = a.frame(5).png();
        b.frame(9);
        assertThat(b.frame(5).png()).isEqualTo(a5);
        assertThat(b.frame(5).factors()).isEqualTo(a.frame(5).factors());
    }

    @Test
    void frame_differentSeed_givesDifferentImage() {
        byte[] one = new ProductionLine(Scenario.STABLE, 1, OPTIONS).frame(0).png();
        byte[] two = new ProductionLine(Scenario.STABLE, 2, OPTIONS).frame(0).png();
        assertThat(two).isNotEqualTo(one);
    }

    @Test
    void frame_hasRequestedSizeAsRgb() {
        Frame f = new ProductionLine(Scenario.STABLE, 1, OPTIONS.withSize(64)).frame(3);
        assertThat(f.image().getWidth()).isEqualTo(64);
        assertThat(f.image().getHeight()).isEqualTo(64);
        assertThat(f.index()).isEqualTo(3);
    }

    @Test
    void factors_defectRate_isHonouredWithinSamplingError() {
        for (double rate : new double[]{0.0, 0.1, 0.25, 1.0}) {
            ProductionLine line = new ProductionLine(Scenario.STABLE, 3, OPTIONS.withDefectRate(rate));
            int n = 8000;
            long defects = 0;
            for (int i = 0; i < n; i++) {
                defects += line.factors(i).defective() ? 1 : 0;
            }
            // 4 standard errors at most (0.019 at rate 0.25)
            double tolerance = 4 * Math.sqrt(rate * (1 - rate) / n) + 1e-9;
            assertThat((double) defects / n).as("rate %s", rate).isCloseTo(rate, within(tolerance));
        }
    }

    @Test
    void stableLine_makesEveryStableTypeAndVariant_butNoCrackNorCoral() {
        ProductionLine line = new ProductionLine(Scenario.STABLE, 5, OPTIONS.withDefectRate(1.0));
        Set<DefectType> types = EnumSet.noneOf(DefectType.class);
        Set<Variant> variants = EnumSet.noneOf(Variant.class);
        for (int i = 0; i < 2000; i++) {
            Factors f = line.factors(i);
            types.add(f.defectType());
            variants.add(f.variant());
        }
        assertThat(types).containsExactlyInAnyOrder(DefectType.SCRATCH, DefectType.DENT, DefectType.PITS,
                DefectType.DISCOLORATION);
        assertThat(variants).containsExactlyInAnyOrder(Variant.GRAPHITE, Variant.SILVER, Variant.BLUE);
    }

    @Test
    void defectSize_spansBarelyVisibleToObvious() {
        ProductionLine line = new ProductionLine(Scenario.STABLE, 5, OPTIONS.withDefectRate(1.0));
        double min = 1, max = 0;
        int tail = 0;
        for (int i = 0; i < 1000; i++) {
            double s = line.factors(i).defectSize();
            min = Math.min(min, s);
            max = Math.max(max, s);
            tail += s < 0.15 ? 1 : 0;
        }
        assertThat(min).isBetween(0.05, 0.07);
        assertThat(max).isGreaterThan(0.98);
        assertThat(tail).as("barely visible tail").isBetween(50, 200);
    }

    @Test
    void defect_obviousOnes_showAtHalfSize_barelyVisibleOnesHardly() {
        // the same frames with and without their defect differ only in the defect mark
        ProductionLine with = new ProductionLine(Scenario.STABLE, 11, OPTIONS.withDefectRate(1.0));
        ProductionLine without = new ProductionLine(Scenario.STABLE, 11, OPTIONS.withDefectRate(0.0));
        int obvious = 0, obviousSeen = 0, faint = 0;
        double faintContrast = 0;
        for (int i = 0; i < 300; i++) {
            Factors f = with.factors(i);
            if (f.defectSize() < 0.5 && f.defectSize() >= 0.12) {
                continue;
            }
            double maxDiff = Pixels.halfSizePeakDifference(with.frame(i).image(), without.frame(i).image());
            if (f.defectSize() >= 0.5) {
                obvious++;
                obviousSeen += maxDiff > 0.08 ? 1 : 0;
            } else {
                faint++;
                faintContrast += maxDiff;
            }
        }
        assertThat((double) obviousSeen / obvious).as("obvious defects at 64 px").isGreaterThan(0.95);
        assertThat(faintContrast / faint).as("barely visible defects' mean peak contrast").isLessThan(0.08);
    }

    @Test
    void frame_negativeIndex_isRefused() {
        ProductionLine line = new ProductionLine(Scenario.STABLE, 1, OPTIONS);
        assertThatThrownBy(() -> line.frame(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stream_givesConsecutiveFrames() {
        ProductionLine line = new ProductionLine(Scenario.DIMMING, 1, OPTIONS.withSize(32));
        assertThat(line.stream(10).limit(3).map(Frame::index)).containsExactly(10L, 11L, 12L);
    }

    @Test
    void lineOptions_outOfRange_areRefusedWithTheirLimits() {
        assertThatThrownBy(() -> new LineOptions(8, 0.25, 10)).hasMessageContaining("16..1024");
        assertThatThrownBy(() -> new LineOptions(128, 1.5, 10)).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> new LineOptions(128, Double.NaN, 10)).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> new LineOptions(128, 0.25, 0)).hasMessageContaining("> 0");
    }
}
