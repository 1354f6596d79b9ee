package dev.loupe.data.validate;

import java.awt.image.BufferedImage;

/**
 * A perceptual fingerprint of an image, for near-duplicate search: a 64-bit difference hash and a 16x16
 * grayscale thumbnail, both from area averages of luma, so they do not depend on resolution or encoding.
 *
 * <p>dHash (Krawetz, "Kind of like that", 2013): average luma over a 9x8 grid, one bit per horizontally
 * adjacent pair (is the left cell brighter?). Re-encoding or resizing flips few bits. Different images of
 * one product can also share most bits (the same edges), so a candidate pair is confirmed on the
 * thumbnails: their root-mean-square luma difference must be tiny.
 */
public record Fingerprint(long dhash, float[] thumbnail) {
    public static final int THUMB = 16;

    public static Fingerprint of(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        double[] hashSum = new double[9 * 8];
        int[] hashCount = new int[9 * 8];
        double[] thumbSum = new double[THUMB * THUMB];
        int[] thumbCount = new int[THUMB * THUMB];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            int hy = y * 8 / h;
            int ty = y * THUMB / h;
            for (int x = 0; x < w; x++) {
                int p = row[x];
                double luma = (0.299 * ((p >> 16) & 0xff) + 0.587 * ((p >> 8) & 0xff) + 0.114 * (p & 0xff)) / 255.0;
                int hi = hy * 9 + x * 9 / w;
                hashSum[hi] += luma;
                hashCount[hi]++;
                int ti = ty * THUMB + x * THUMB / w;
                thumbSum[ti] += luma;
                thumbCount[ti]++;
            }
        }
        long bits = 0;
        for (int r = 0; r < 8; r++) {
            for (int c = 0; c < 8; c++) {
                double left = mean(hashSum, hashCount, r * 9 + c);
                double right = mean(hashSum, hashCount, r * 9 + c + 1);
                bits = (bits << 1) | (left > right ? 1 : 0);
            }
        }
        float[] thumb = new float[THUMB * THUMB];
        for (int i = 0; i < thumb.length; i++) {
            thumb[i] = (float) mean(thumbSum, thumbCount, i);
        }
        return new Fingerprint(bits, thumb);
    }

    private static double mean(double[] sum, int[] count, int i) {
        return count[i] == 0 ? 0 : sum[i] / count[i];
    }

    /** Bits that differ between the two hashes, 0..64. */
    public int hamming(Fingerprint o) {
        return Long.bitCount(dhash ^ o.dhash);
    }

    /** Root-mean-square luma difference of the thumbnails, 0..1. */
    public double thumbnailDistance(Fingerprint o) {
        double sum = 0;
        for (int i = 0; i < thumbnail.length; i++) {
            double d = thumbnail[i] - o.thumbnail[i];
            sum += d * d;
        }
        return Math.sqrt(sum / thumbnail.length);
    }
}
