package dev.loupe.core.image;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The statistics agree with their floating-point definition (per-pixel doubles on 0..1 channels). */
class ImageStatsTest {

    @Test
    void of_randomColourImage_matchesTheDefinition() {
        assertMatchesDefinition(random(BufferedImage.TYPE_3BYTE_BGR, 192, 48, 1));
    }

    @Test
    void of_imageWiderThanTheSummingChunks_matchesTheDefinition() {
        assertMatchesDefinition(random(BufferedImage.TYPE_INT_RGB, 2_500, 5, 2)); // rows span the 1,024-pixel chunks
        assertMatchesDefinition(random(BufferedImage.TYPE_4BYTE_ABGR, 37, 301, 3)); // the pixel count is no multiple of them
    }

    @Test
    void of_smoothGrayImage_matchesTheDefinition() {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                img.getRaster().setSample(x, y, 0, (x * 3 + y) % 256);
            }
        }
        assertMatchesDefinition(img);
    }

    @Test
    void of_uniformImage_hasNoContrastSharpnessOrSaturation() {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                img.setRGB(x, y, 0x808080);
            }
        }
        ImageStats s = ImageStats.of(img);
        assertThat(s.brightness()).isCloseTo(128 / 255.0, within(1e-12));
        assertThat(s.contrast()).isCloseTo(0, within(1e-6));
        assertThat(s.sharpness()).isCloseTo(0, within(1e-12));
        assertThat(s.saturation()).isZero();
    }

    private static void assertMatchesDefinition(BufferedImage img) {
        double[] expected = definition(img);
        double[] got = ImageStats.of(img).toArray();
        for (int i = 0; i < expected.length; i++) {
            assertThat(got[i]).as(ImageStats.NAMES.get(i)).isCloseTo(expected[i], within(1e-9 + 1e-6 * Math.abs(expected[i])));
        }
    }

    /** The statistics as documented, computed the plain way. */
    private static double[] definition(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        double[] y = new double[argb.length];
        double r = 0, g = 0, b = 0, sy = 0, syy = 0, s = 0;
        for (int i = 0; i < argb.length; i++) {
            double pr = ((argb[i] >> 16) & 0xff) / 255.0;
            double pg = ((argb[i] >> 8) & 0xff) / 255.0;
            double pb = (argb[i] & 0xff) / 255.0;
            y[i] = 0.299 * pr + 0.587 * pg + 0.114 * pb;
            r += pr;
            g += pg;
            b += pb;
            sy += y[i];
            syy += y[i] * y[i];
            double max = Math.max(pr, Math.max(pg, pb));
            s += max == 0 ? 0 : (max - Math.min(pr, Math.min(pg, pb))) / max;
        }
        double n = argb.length;
        double lapSum = 0, lapSq = 0;
        int count = 0;
        for (int row = 1; row < h - 1; row++) {
            for (int col = 1; col < w - 1; col++) {
                int i = row * w + col;
                double lap = y[i - 1] + y[i + 1] + y[i - w] + y[i + w] - 4 * y[i];
                lapSum += lap;
                lapSq += lap * lap;
                count++;
            }
        }
        double lapMean = lapSum / count;
        return new double[]{sy / n, Math.sqrt(syy / n - (sy / n) * (sy / n)), lapSq / count - lapMean * lapMean,
                r / n, g / n, b / n, s / n};
    }

    private static BufferedImage random(int type, int w, int h, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rnd.nextInt());
            }
        }
        return img;
    }
}
