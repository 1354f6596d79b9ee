package dev.loupe.train.cnn;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DetailChannelsTest {

    private static final int C = 3;
    private static final int S = 24;
    private static final double SIGMA = 2;
    private static final ImageTensors IMAGES = BlobDefects.generate(3, C, S, 4);

    @Test
    void append_constantImage_detailIsZeroAwayFromTheBorder() {
        float[] flat = new float[C * S * S];
        Arrays.fill(flat, 0.7f);
        InputPlanes p = DetailChannels.append(new ImageTensors(flat, new int[] {0}, C, S, S), SIGMA);
        assertThat(p.channels()).isEqualTo(2 * C);
        int r = (int) Math.ceil(3 * SIGMA);
        float[] edge = new DetailChannels(SIGMA, S, S).edge();
        for (int y = 0; y < S; y++) {
            for (int x = 0; x < S; x++) {
                float d = p.data()[(C * S + y) * S + x];
                assertThat(d).isCloseTo(0.7f * edge[y * S + x], within(1e-5f));
                if (y >= r && y < S - r && x >= r && x < S - r) {
                    assertThat(d).isCloseTo(0f, within(1e-5f));
                }
            }
        }
    }

    @Test
    void augment_precomputedDetail_equalsDetailOfTheAugmentedImage() {
        InputPlanes planes = DetailChannels.append(IMAGES, SIGMA);
        DetailChannels detail = new DetailChannels(SIGMA, S, S);
        int len = planes.imageLength();
        for (Augmentation a : new Augmentation[] {Augmentation.DEFAULT, Augmentation.DEFAULT.withLampDrop(0),
                new Augmentation(true, true, 0.3, 0.5, 10, 0.1, 0.5, 1, 0.5)}) {
            Augmenter withDetail = new Augmenter(a, C, S, S, detail);
            Augmenter plain = new Augmenter(a, C, S, S);
            for (long seed = 0; seed < 12; seed++) {
                float[] fast = new float[len];
                withDetail.apply(planes.data(), len, fast, 0, new SplittableRandom(seed));
                float[] expected = new float[len];
                plain.apply(IMAGES.data(), IMAGES.imageLength(), expected, 0, new SplittableRandom(seed));
                detail.compute(expected, 0, C, new float[S * S]);
                for (int i = 0; i < len; i++) {
                    assertThat(fast[i]).as("value %d, seed %d, %s", i, seed, a).isCloseTo(expected[i], within(1e-4f));
                }
            }
        }
    }
}
