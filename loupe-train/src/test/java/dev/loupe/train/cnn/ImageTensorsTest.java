package dev.loupe.train.cnn;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImageTensorsTest {

    /** Two one-channel images of 2 rows × 3 columns: 0..5 and 6..11, row-major. */
    private static final ImageTensors TWO = new ImageTensors(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11},
            new int[] {0, 1}, 1, 2, 3);

    @Test
    void mirrored_leftRight_reversesEachRowOfEachImage() {
        assertThat(TWO.mirrored(true, false).data()).containsExactly(2, 1, 0, 5, 4, 3, 8, 7, 6, 11, 10, 9);
    }

    @Test
    void mirrored_upDown_reversesTheRowsOfEachImage() {
        assertThat(TWO.mirrored(false, true).data()).containsExactly(3, 4, 5, 0, 1, 2, 9, 10, 11, 6, 7, 8);
    }

    @Test
    void mirrored_both_turnsEachImageHalfAround_andKeepsTheLabels() {
        ImageTensors turned = TWO.mirrored(true, true);
        assertThat(turned.data()).containsExactly(5, 4, 3, 2, 1, 0, 11, 10, 9, 8, 7, 6);
        assertThat(turned.labels()).containsExactly(0, 1);
    }
}
