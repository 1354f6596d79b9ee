package dev.loupe.core.image;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The raster fast paths give exactly what {@link BufferedImage#getRGB} gives, so statistics stay comparable. */
class PixelsArgbTest {

    @ParameterizedTest
    @ValueSource(ints = {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_INT_RGB,
            BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_INT_BGR})
    void of_everyColourImageType_equalsGetRgb(int type) {
        BufferedImage img = random(type, 37, 23);
        assertThat(PixelsArgb.of(img)).containsExactly(img.getRGB(0, 0, 37, 23, null, 0, 37));
    }

    @Test
    void of_subImage_readsOnlyItsOwnPixels() {
        BufferedImage img = random(BufferedImage.TYPE_3BYTE_BGR, 40, 30).getSubimage(5, 7, 20, 11);
        assertThat(PixelsArgb.of(img)).containsExactly(img.getRGB(0, 0, 20, 11, null, 0, 20));
    }

    @Test
    void of_grayImages_areTheirLevels_notGetRgbsBrightenedOnes() {
        BufferedImage gray = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 39, 255});
        assertThat(PixelsArgb.of(gray)).containsExactly(0xff000000, 0xff272727, 0xffffffff);
        assertThat(gray.getRGB(1, 0) & 0xff).as("what getRGB makes of level 39").isGreaterThan(100);

        BufferedImage deep = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
        deep.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 39 * 257 + 100, 65535});
        assertThat(PixelsArgb.of(deep)).containsExactly(0xff000000, 0xff272727, 0xffffffff);
        assertThat(PixelsArgb.of(deep.getSubimage(1, 0, 2, 1))).containsExactly(0xff272727, 0xffffffff);
        assertThat(PixelsArgb.of(gray.getSubimage(1, 0, 1, 1))).containsExactly(0xff272727);
    }

    @Test
    void stats_ofGrayImage_areThoseOfTheColourImageWithItsLevelInEveryChannel() {
        BufferedImage gray = random(BufferedImage.TYPE_BYTE_GRAY, 16, 16);
        BufferedImage rgb = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                int v = gray.getRaster().getSample(x, y, 0);
                rgb.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        assertThat(ImageStats.of(gray)).isEqualTo(ImageStats.of(rgb));
        assertThat(ImageStats.of(gray)).isNotEqualTo(ImageStats.of(withPixels(gray.getRGB(0, 0, 16, 16, null, 0, 16))));
    }

    private static BufferedImage withPixels(int[] argb) {
        BufferedImage rgb = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, 16, 16, argb, 0, 16);
        return rgb;
    }

    private static BufferedImage random(int type, int w, int h) {
        SplittableRandom r = new SplittableRandom(type);
        BufferedImage img = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt());
            }
        }
        return img;
    }
}
