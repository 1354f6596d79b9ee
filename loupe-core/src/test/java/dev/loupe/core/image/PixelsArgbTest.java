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
            BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_USHORT_GRAY,
            BufferedImage.TYPE_INT_BGR})
    void of_everyImageType_equalsGetRgb(int type) {
        BufferedImage img = random(type, 37, 23);
        assertThat(PixelsArgb.of(img)).containsExactly(img.getRGB(0, 0, 37, 23, null, 0, 37));
    }

    @Test
    void of_subImage_readsOnlyItsOwnPixels() {
        BufferedImage img = random(BufferedImage.TYPE_3BYTE_BGR, 40, 30).getSubimage(5, 7, 20, 11);
        assertThat(PixelsArgb.of(img)).containsExactly(img.getRGB(0, 0, 20, 11, null, 0, 20));
    }

    @Test
    void stats_ofGrayImage_goThroughItsColourSpaceAsGetRgbDoes() {
        BufferedImage gray = random(BufferedImage.TYPE_BYTE_GRAY, 16, 16);
        BufferedImage rgb = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, 16, 16, gray.getRGB(0, 0, 16, 16, null, 0, 16), 0, 16);
        assertThat(ImageStats.of(gray)).isEqualTo(ImageStats.of(rgb));
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
