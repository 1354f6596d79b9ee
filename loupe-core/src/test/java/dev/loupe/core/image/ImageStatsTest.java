package dev.loupe.core.image;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The statistics agree with their floating-point definition (per-pixel doubles on 0..1 channels). */
class ImageStatsTest {

    @Test
    void of_smallColourImage_matchesTheDefinitionOnEveryPixel() {
        assertMatchesDefinition(random(BufferedImage.TYPE_3BYTE_BGR, 96, 40, 1)); // 3,840 pixels: read whole
    }

    @Test
    void of_randomColourImage_isTheDefinitionOnHalfItsRows() {
        BufferedImage img = random(BufferedImage.TYPE_3BYTE_BGR, 192, 48, 1);
        assertThat(ImageStats.bandStep(192, 48)).isEqualTo(6);
        assertMatches(img, definition(img, 6));
    }

    @Test
    void of_imageWiderThanTheSummingChunks_matchesTheDefinition() {
        assertMatchesDefinition(random(BufferedImage.TYPE_INT_RGB, 2_500, 5, 2)); // rows span the 1,024-pixel chunks
        BufferedImage odd = random(BufferedImage.TYPE_4BYTE_ABGR, 37, 301, 3); // the pixel count is no multiple of them
        assertMatches(odd, definition(odd, ImageStats.bandStep(37, 301)));
    }

    @Test
    void of_productionLineSizedFrame_halfItsRows_staysCloseToTheWholeImage() {
        // a generator-sized frame (128 px): a lit part with a gradient, a texture, sensor noise and a scratch
        BufferedImage img = new BufferedImage(128, 128, BufferedImage.TYPE_3BYTE_BGR);
        SplittableRandom rnd = new SplittableRandom(5);
        for (int y = 0; y < 128; y++) {
            for (int x = 0; x < 128; x++) {
                double v = 150 - y / 2.0 + 20 * Math.sin((x - y) / 5.0) + rnd.nextGaussian() * 4 + (x == y + 10 ? 60 : 0);
                int c = (int) Math.max(0, Math.min(255, v));
                img.setRGB(x, y, c << 16 | (int) (c * 0.8) << 8 | (int) (c * 0.6));
            }
        }
        double[] whole = definition(img, 1);
        double[] got = ImageStats.of(img).toArray();
        for (int i = 0; i < got.length; i++) {
            assertThat(got[i]).as(ImageStats.NAMES.get(i) + " against the whole image")
                    .isCloseTo(whole[i], within(0.03 * Math.abs(whole[i]) + 1e-3));
        }
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

    @Test
    void bandStep_readsEveryRowUpTo4KiPixels_halfAbove_andEnoughBandsOfThreeToStayUnder64Ki() {
        assertThat(ImageStats.bandStep(64, 64)).isEqualTo(1);
        assertThat(ImageStats.bandStep(192, 48)).isEqualTo(6);
        assertThat(ImageStats.bandStep(256, 256)).isEqualTo(6);
        assertThat(ImageStats.bandStep(5_000, 5)).isEqualTo(1); // under six rows: read whole
        assertThat(ImageStats.bandStep(1280, 960)).isEqualTo(57); // 17 bands of 3 × 1,280 pixels fit in 65,536
        assertThat(ImageStats.bandStep(100_000, 2)).isEqualTo(1); // under three rows: no bands to take
        assertThat(ImageStats.bandStep(100_000, 9)).isEqualTo(9); // one band already over: read the first only
    }

    @Test
    void of_cameraSizedImage_isTheDefinitionOnItsBands_andCloseToTheWholeImage() {
        BufferedImage img = new BufferedImage(1280, 960, BufferedImage.TYPE_3BYTE_BGR);
        SplittableRandom rnd = new SplittableRandom(4);
        for (int y = 0; y < 960; y++) { // lit from the top, a diagonal texture, sensor noise
            for (int x = 0; x < 1280; x++) {
                double v = 200 - y / 8.0 + 30 * Math.sin((x + y) / 7.0) + rnd.nextGaussian() * 6;
                int c = (int) Math.max(0, Math.min(255, v));
                img.setRGB(x, y, c << 16 | (int) (c * 0.9) << 8 | (int) (c * 0.7));
            }
        }
        double[] bands = definition(img, 57);
        double[] whole = definition(img, 1);
        double[] got = ImageStats.of(img).toArray();
        for (int i = 0; i < got.length; i++) {
            String name = ImageStats.NAMES.get(i);
            assertThat(got[i]).as(name).isCloseTo(bands[i], within(1e-9 + 1e-6 * Math.abs(bands[i])));
            assertThat(got[i]).as(name + " against the whole image").isCloseTo(whole[i], within(0.02 * Math.abs(whole[i]) + 1e-3));
        }
    }

    private static void assertMatchesDefinition(BufferedImage img) {
        assertMatches(img, definition(img));
    }

    private static void assertMatches(BufferedImage img, double[] expected) {
        double[] got = ImageStats.of(img).toArray();
        for (int i = 0; i < expected.length; i++) {
            assertThat(got[i]).as(ImageStats.NAMES.get(i)).isCloseTo(expected[i], within(1e-9 + 1e-6 * Math.abs(expected[i])));
        }
    }

    /** The statistics as documented, computed the plain way. */
    private static double[] definition(BufferedImage img) {
        return definition(img, 1);
    }

    /**
     * The definition over bands of three rows starting every {@code step} rows (step 1: the whole image):
     * the bands' pixels, and the Laplacian at their middle rows.
     */
    private static double[] definition(BufferedImage img, int step) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        if (img.getRaster().getNumBands() == 1) { // a gray image: its 8-bit levels, not getRGB's sRGB conversion of them
            for (int i = 0; i < argb.length; i++) {
                int v = img.getRaster().getSample(i % w, i / w, 0);
                argb[i] = v << 16 | v << 8 | v;
            }
        }
        double[] y = new double[argb.length];
        double r = 0, g = 0, b = 0, sy = 0, syy = 0, s = 0;
        for (int i = 0; i < argb.length; i++) {
            y[i] = 0.299 * ((argb[i] >> 16) & 0xff) / 255.0 + 0.587 * ((argb[i] >> 8) & 0xff) / 255.0 + 0.114 * (argb[i] & 0xff) / 255.0;
        }
        List<Integer> rows = new ArrayList<>();
        List<Integer> middles = new ArrayList<>();
        if (step == 1) {
            IntStream.range(0, h).forEach(rows::add);
            IntStream.range(1, h - 1).forEach(middles::add);
        } else {
            for (int top = 0; top + 3 <= h; top += step) {
                rows.addAll(List.of(top, top + 1, top + 2));
                middles.add(top + 1);
            }
        }
        int n = 0;
        for (int row : rows) {
            for (int i = row * w; i < row * w + w; i++, n++) {
                double pr = ((argb[i] >> 16) & 0xff) / 255.0;
                double pg = ((argb[i] >> 8) & 0xff) / 255.0;
                double pb = (argb[i] & 0xff) / 255.0;
                r += pr;
                g += pg;
                b += pb;
                sy += y[i];
                syy += y[i] * y[i];
                double max = Math.max(pr, Math.max(pg, pb));
                s += max == 0 ? 0 : (max - Math.min(pr, Math.min(pg, pb))) / max;
            }
        }
        double lapSum = 0, lapSq = 0;
        int count = 0;
        for (int row : middles) {
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
