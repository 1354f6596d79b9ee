package dev.loupe.data.generate;

import java.awt.image.BufferedImage;

/** Test helpers over pixels. */
final class Pixels {
    private Pixels() {
    }

    static int[] rgb(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    /** Largest difference of any channel (0..1) between 2x2 box-downscaled copies: what a model at half size sees. */
    static double halfSizePeakDifference(BufferedImage a, BufferedImage b) {
        int w = a.getWidth();
        int[] p = rgb(a), q = rgb(b);
        double peak = 0;
        for (int y = 0; y + 1 < a.getHeight(); y += 2) {
            for (int x = 0; x + 1 < w; x += 2) {
                for (int shift = 0; shift <= 16; shift += 8) {
                    int sum = 0;
                    for (int d = 0; d < 4; d++) {
                        int i = (y + d / 2) * w + x + d % 2;
                        sum += ((p[i] >> shift) & 0xff) - ((q[i] >> shift) & 0xff);
                    }
                    peak = Math.max(peak, Math.abs(sum) / 4.0 / 255.0);
                }
            }
        }
        return peak;
    }
}
