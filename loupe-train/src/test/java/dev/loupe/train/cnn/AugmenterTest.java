package dev.loupe.train.cnn;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AugmenterTest {

    private static final int C = 3;
    private static final int S = 16;
    private static final ImageTensors IMAGES = BlobDefects.generate(4, C, S, 1);

    private static float[] augment(Augmentation a, long seed) {
        float[] out = new float[C * S * S];
        new Augmenter(a, C, S, S).apply(IMAGES.data(), IMAGES.imageLength(), out, 0, new SplittableRandom(seed));
        return out;
    }

    private static float[] second() {
        return Arrays.copyOfRange(IMAGES.data(), IMAGES.imageLength(), 2 * IMAGES.imageLength());
    }

    @Test
    void apply_none_copiesTheImage() {
        assertThat(augment(Augmentation.NONE, 1)).containsExactly(second());
    }

    @Test
    void apply_sameSeed_sameImage() {
        assertThat(augment(Augmentation.DEFAULT, 5)).containsExactly(augment(Augmentation.DEFAULT, 5));
        assertThat(augment(Augmentation.DEFAULT, 5)).isNotEqualTo(augment(Augmentation.DEFAULT, 6));
    }

    @Test
    void apply_horizontalFlip_mirrorsRowsOrKeepsThem() {
        Augmentation flip = new Augmentation(true, false, 0, 0, 0, 0, 0, 0);
        float[] original = second();
        float[] mirrored = new float[original.length];
        for (int c = 0; c < C; c++) {
            for (int y = 0; y < S; y++) {
                for (int x = 0; x < S; x++) {
                    mirrored[(c * S + y) * S + x] = original[(c * S + y) * S + (S - 1 - x)];
                }
            }
        }
        int flipped = 0;
        for (long seed = 0; seed < 40; seed++) {
            float[] out = augment(flip, seed);
            if (Arrays.equals(out, mirrored)) {
                flipped++;
            } else {
                assertThat(out).containsExactly(original);
            }
        }
        assertThat(flipped).isBetween(5, 35);
    }

    @Test
    void apply_brightnessOnly_shiftsEveryPixelByOneAmountWithinBound() {
        Augmentation light = new Augmentation(false, false, 0.3, 0, 0, 0, 0, 0);
        float[] original = second();
        for (long seed = 0; seed < 20; seed++) {
            float[] out = augment(light, seed);
            float shift = out[0] - original[0];
            assertThat(Math.abs(shift)).isLessThanOrEqualTo(0.3f + 1e-6f);
            for (int i = 0; i < out.length; i++) {
                assertThat(out[i] - original[i]).isCloseTo(shift, within(1e-5f));
            }
        }
    }

    @Test
    void apply_lampDropOnly_dimsHalfTheImagesAboutBlackByOneFactorWithinBound() {
        Augmentation dim = Augmentation.NONE.withLampDrop(0.6);
        float[] original = second();
        double black = Augmenter.BLACK;
        int dimmed = 0;
        boolean dimmedByHalfOrMore = false;
        for (long seed = 0; seed < 40; seed++) {
            float[] out = augment(dim, seed);
            // the same factor on every pixel's distance from black, 0.4..1
            double factor = (out[0] - black) / (original[0] - black);
            assertThat(factor).isBetween(0.4 - 1e-6, 1 + 1e-6);
            if (factor < 1 - 1e-6) {
                dimmed++;
            }
            dimmedByHalfOrMore |= factor < 0.7;
            for (int i = 0; i < out.length; i++) {
                assertThat((double) out[i]).isCloseTo(black + factor * (original[i] - black), within(1e-5));
            }
        }
        assertThat(dimmed).isBetween(10, 30); // half of 40, give or take
        assertThat(dimmedByHalfOrMore).isTrue();
        assertThat(Augmenter.BLACK).isEqualTo(-2.0); // pixel 0 normalised by mean 0.5, std 0.25
    }

    @Test
    void apply_geometryAndBlur_keepAConstantImageConstant() {
        float[] flat = new float[C * S * S];
        Arrays.fill(flat, 0.7f);
        Augmentation geometric = new Augmentation(true, true, 0, 0, 30, 0.2, 1, 2);
        float[] out = new float[flat.length];
        for (long seed = 0; seed < 10; seed++) {
            new Augmenter(geometric, C, S, S).apply(flat, 0, out, 0, new SplittableRandom(seed));
            for (float v : out) {
                assertThat(v).isCloseTo(0.7f, within(1e-5f));
            }
        }
    }

    @Test
    void apply_blur_reducesVarianceKeepsMean() {
        Augmentation blur = new Augmentation(false, false, 0, 0, 0, 0, 1, 1.5);
        float[] original = second();
        float[] out = augment(blur, 3);
        assertThat(variance(out)).isLessThan(variance(original));
        assertThat(mean(out)).isCloseTo(mean(original), within(0.05));
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double variance(float[] v) {
        double m = mean(v);
        double s = 0;
        for (float x : v) {
            s += (x - m) * (x - m);
        }
        return s / v.length;
    }
}
