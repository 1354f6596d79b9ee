package dev.loupe.train.cnn;

import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.core.model.Preprocessor;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Collections;
import java.util.Random;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FineDetailTest {

    private static final int C = 3;
    private static final int S = 24;

    @Test
    void unshuffle_4x4_putsEachPixelOfA2x2BlockInItsOwnPlane() {
        float[] src = {
                0, 1, 2, 3,
                4, 5, 6, 7,
                8, 9, 10, 11,
                12, 13, 14, 15};
        float[] dst = new float[16];
        FineDetail.unshuffle(src, 0, 4, 4, dst, 0);
        assertThat(dst).containsExactly(
                0, 2, 8, 10,     // (by, bx) = (0, 0)
                1, 3, 9, 11,     // (0, 1)
                4, 6, 12, 14,    // (1, 0)
                5, 7, 13, 15);   // (1, 1)
    }

    @Test
    void halve_averagesEach2x2Block() {
        float[] src = {
                0, 1, 2, 3,
                4, 5, 6, 7};
        float[] dst = new float[2];
        FineDetail.halve(src, 0, 2, 4, dst, 0);
        assertThat(dst).containsExactly(2.5f, 4.5f);
    }

    @Test
    void halve_givesWhatThePreprocessorGivesForAResizeByHalf() {
        Random r = new Random(3);
        BufferedImage image = new BufferedImage(S, S, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < S; y++) {
            for (int x = 0; x < S; x++) {
                image.setRGB(x, y, r.nextInt(1 << 24));
            }
        }
        float[] full = preprocessor(S).apply(image);
        float[] half = preprocessor(S / 2).apply(image);
        float[] halved = new float[half.length];
        for (int c = 0; c < C; c++) {
            FineDetail.halve(full, c * S * S, S, S, halved, c * S * S / 4);
        }
        for (int i = 0; i < half.length; i++) {
            assertThat(halved[i]).isCloseTo(half[i], within(1e-5f));
        }
    }

    @Test
    void append_finePlanes_areTheUnshuffledDetailOfTheLuminance() {
        ImageTensors images = BlobDefects.generate(2, C, S, 5);
        double sigma = 1;
        InputPlanes planes = FineDetail.append(images, 2, sigma);
        int half = S * S / 4;
        assertThat(planes.channels()).isEqualTo(2 * C + FineDetail.PLANES);
        assertThat(planes.height()).isEqualTo(S / 2);
        for (int i = 0; i < images.size(); i++) {
            float[] luma = new float[S * S];
            for (int p = 0; p < S * S; p++) {
                int o = i * images.imageLength() + p;
                luma[p] = 0.299f * images.data()[o] + 0.587f * images.data()[o + S * S] + 0.114f * images.data()[o + 2 * S * S];
            }
            // 2-D Gaussian written out, independent of the separable blur
            float[] detail = Arrays.copyOfRange(ReferenceCnn.withDetail(luma, 1, S, sigma), S * S, 2 * S * S);
            for (int by = 0; by < 2; by++) {
                for (int bx = 0; bx < 2; bx++) {
                    for (int y = 0; y < S / 2; y++) {
                        for (int x = 0; x < S / 2; x++) {
                            float got = planes.data()[i * planes.imageLength() + (2 * C + 2 * by + bx) * half + y * S / 2 + x];
                            assertThat(got).isCloseTo(detail[(2 * y + by) * S + 2 * x + bx], within(1e-4f));
                        }
                    }
                }
            }
        }
    }

    @Test
    void augment_precomputedFinePlanes_equalThoseOfTheAugmentedFullSizeImage() {
        ImageTensors images = BlobDefects.generate(2, C, S, 6);
        InputPlanes planes = FineDetail.append(images, 2, 1);
        FineDetail fine = new FineDetail(1, C, S, S);
        DetailChannels detail = new DetailChannels(2, S / 2, S / 2);
        Augmentation strong = new Augmentation(true, true, 0.3, 0.5, 0, 0, 0, 0);
        for (Augmentation a : new Augmentation[] {Augmentation.DEFAULT, strong, strong.withLampDrop(0.5)}) {
            Augmenter halfSize = new Augmenter(a, C, S / 2, S / 2, detail, fine);
            Augmenter fullSize = new Augmenter(a, C, S, S);
            for (long seed = 0; seed < 12; seed++) {
                float[] fast = new float[planes.imageLength()];
                halfSize.apply(planes.data(), planes.imageLength(), fast, 0, new SplittableRandom(seed));
                float[] augmented = new float[images.imageLength()];
                fullSize.apply(images.data(), images.imageLength(), augmented, 0, new SplittableRandom(seed));
                float[] expected = FineDetail.append(new ImageTensors(augmented, new int[] {1}, C, S, S), 2, 1).data();
                for (int i = 0; i < expected.length; i++) {
                    assertThat(fast[i]).as("value %d, seed %d, %s", i, seed, a).isCloseTo(expected[i], within(1e-4f));
                }
            }
        }
    }

    @Test
    void augmenter_withFinePlanes_refusesResamplingAugmentations() {
        Augmentation rotating = new Augmentation(true, true, 0.1, 0.1, 10, 0, 0, 0);
        FineDetail fine = new FineDetail(1, C, S, S);
        assertThatThrownBy(() -> new Augmenter(rotating, C, S / 2, S / 2, null, fine))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CnnParams.defaults().withFineDetailSigma(1).withAugmentation(rotating))
                .hasMessageContaining("must not rotate");
    }

    private static Preprocessor preprocessor(int size) {
        return new Preprocessor(new ModelDescriptor.Input("image", size, size, ModelDescriptor.Colour.RGB,
                new ModelDescriptor.Normalisation(1 / 255.0, Collections.nCopies(C, 0.5), Collections.nCopies(C, 0.25))));
    }
}
