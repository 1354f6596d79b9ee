package dev.loupe.train.cnn;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class WarmCosineTrackerTest {

    private final WarmCosineTracker rate = new WarmCosineTracker(0.004, 1000);

    @Test
    void rate_warmsUpFromTheFloorToThePeakOverTheFirstTenthOfTheSteps() {
        assertThat(rate.getNewValue(1)).isCloseTo(0.004f * (float) WarmCosineTracker.FLOOR, offset(1e-7f));
        assertThat(rate.getNewValue(51)).isBetween(rate.getNewValue(50), rate.getNewValue(101));
        assertThat(rate.getNewValue(101)).isCloseTo(0.004f, offset(1e-7f));
    }

    @Test
    void rate_fallsAlongACosineToTheFloorAtTheLastStepAndStaysThere() {
        assertThat(rate.getNewValue(551)).isCloseTo(0.004f * (1 + (float) WarmCosineTracker.FLOOR) / 2, offset(1e-6f));
        for (int step = 102; step <= 1001; step++) {
            assertThat(rate.getNewValue(step)).isLessThanOrEqualTo(rate.getNewValue(step - 1));
        }
        assertThat(rate.getNewValue(1001)).isCloseTo(0.004f * (float) WarmCosineTracker.FLOOR, offset(1e-7f));
        assertThat(rate.getNewValue(5000)).isEqualTo(rate.getNewValue(1001));
    }
}
