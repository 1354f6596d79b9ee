package dev.loupe.core.image;

import java.awt.image.BufferedImage;

/**
 * Per-image statistics. Validation, serving and monitoring all compute them with this class, so a
 * drift in production is measured exactly as the reference was.
 *
 * @param brightness mean luma, 0..1 (ITU-R BT.601 weights)
 * @param contrast   standard deviation of luma, 0..0.5
 * @param sharpness  variance of the 4-neighbour Laplacian of luma (luma in 0..1); falls with blur
 * @param red        mean red, 0..1 (equals brightness for grayscale images)
 * @param green      mean green, 0..1
 * @param blue       mean blue, 0..1
 * @param saturation mean HSV saturation, 0..1 (0 for grayscale)
 */
public record ImageStats(double brightness, double contrast, double sharpness,
                         double red, double green, double blue, double saturation) {

    /** Names of the statistics, in record order: the columns of reports and the monitors' names. */
    public static final java.util.List<String> NAMES =
            java.util.List.of("brightness", "contrast", "sharpness", "red", "green", "blue", "saturation");

    public double get(String name) {
        return switch (name) {
            case "brightness" -> brightness;
            case "contrast" -> contrast;
            case "sharpness" -> sharpness;
            case "red" -> red;
            case "green" -> green;
            case "blue" -> blue;
            case "saturation" -> saturation;
            default -> throw new IllegalArgumentException("no image statistic " + name);
        };
    }

    public double[] toArray() {
        return new double[]{brightness, contrast, sharpness, red, green, blue, saturation};
    }

    /** Luma in integer units: {@code 299 R + 587 G + 114 B} for 8-bit channels, so 1.0 is {@value}. */
    private static final double LUMA_SCALE = 255_000.0;

    /** Pixels summed in ints and longs before a partial sum moves on: every integer sum stays exact. */
    private static final int CHUNK = 1024;

    /**
     * Computes the statistics of an image. Pixels are read as {@link BufferedImage#getRGB} gives them (so a
     * grayscale image's values go through its colour space), straight from the raster for the types
     * decoders produce.
     *
     * <p>They run for every logged prediction, so they are written for speed: the sums are kept in
     * integers (luma as {@code 299 R + 587 G + 114 B}, exactly BT.601 on 8-bit channels) over chunks of
     * pixels and scaled to 0..1 at the end, saturation per pixel in floats, and each sum has a loop of its
     * own so the JIT can use vector instructions: the same statistics as summing per-pixel doubles, to
     * rounding (ImageStatsTest), in about a third of the time.
     */
    public static ImageStats of(BufferedImage img) {
        return of(new DecodedImage(img));
    }

    /** {@link #of(BufferedImage)}, reading the pixels the preprocessor may have read already. */
    public static ImageStats of(DecodedImage img) {
        int w = img.width();
        int h = img.height();
        int[] argb = img.argb();
        int n = argb.length;
        int[] luma = new int[n];
        float[] saturation = new float[Math.min(n, CHUNK)];
        long sumR = 0, sumG = 0, sumB = 0;
        double sumYY = 0, sumS = 0;
        for (int from = 0; from < n; from += CHUNK) {
            int to = Math.min(n, from + CHUNK);
            for (int i = from; i < to; i++) {
                int p = argb[i];
                luma[i] = 299 * ((p >> 16) & 0xff) + 587 * ((p >> 8) & 0xff) + 114 * (p & 0xff);
            }
            int r = 0, g = 0, b = 0;
            for (int i = from; i < to; i++) {
                r += (argb[i] >> 16) & 0xff;
            }
            for (int i = from; i < to; i++) {
                g += (argb[i] >> 8) & 0xff;
            }
            for (int i = from; i < to; i++) {
                b += argb[i] & 0xff;
            }
            long yy = 0;
            for (int i = from; i < to; i++) {
                long y = luma[i];
                yy += y * y;
            }
            for (int i = from; i < to; i++) { // a float division per pixel: vectorised, unlike a table lookup
                int p = argb[i];
                int pr = (p >> 16) & 0xff, pg = (p >> 8) & 0xff, pb = p & 0xff;
                int max = Math.max(pr, Math.max(pg, pb));
                saturation[i - from] = (float) (max - Math.min(pr, Math.min(pg, pb))) / Math.max(max, 1);
            }
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0; // four sums, so the additions overlap
            int len = to - from;
            int i = 0;
            for (; i + 3 < len; i += 4) {
                s0 += saturation[i];
                s1 += saturation[i + 1];
                s2 += saturation[i + 2];
                s3 += saturation[i + 3];
            }
            for (; i < len; i++) {
                s0 += saturation[i];
            }
            sumR += r;
            sumG += g;
            sumB += b;
            sumYY += yy;
            sumS += s0 + s1 + s2 + s3;
        }
        double count = n;
        double meanY = (299.0 * sumR + 587.0 * sumG + 114.0 * sumB) / count / LUMA_SCALE;
        double varY = Math.max(0, sumYY / count / (LUMA_SCALE * LUMA_SCALE) - meanY * meanY);
        return new ImageStats(meanY, Math.sqrt(varY), laplacianVariance(luma, w, h),
                sumR / count / 255.0, sumG / count / 255.0, sumB / count / 255.0, sumS / count);
    }

    /** Variance of the 4-neighbour Laplacian over the interior pixels; |Laplacian| <= 4 * 255,000 fits an int. */
    private static double laplacianVariance(int[] y, int w, int h) {
        if (w < 3 || h < 3) {
            return 0;
        }
        int[] lap = new int[Math.min(w, CHUNK + 2)];
        long sum = 0;
        double sumSq = 0;
        for (int row = 1; row < h - 1; row++) {
            int base = row * w;
            for (int from = 1; from < w - 1; from += CHUNK) {
                int to = Math.min(w - 1, from + CHUNK);
                int len = to - from;
                for (int k = 0; k < len; k++) {
                    int i = base + from + k;
                    lap[k] = y[i - 1] + y[i + 1] + y[i - w] + y[i + w] - 4 * y[i];
                }
                int s = 0;
                for (int k = 0; k < len; k++) {
                    s += lap[k];
                }
                long sq = 0;
                for (int k = 0; k < len; k++) {
                    long v = lap[k];
                    sq += v * v;
                }
                sum += s;
                sumSq += sq;
            }
        }
        double count = (double) (w - 2) * (h - 2);
        double mean = sum / count / LUMA_SCALE;
        return Math.max(0, sumSq / count / (LUMA_SCALE * LUMA_SCALE) - mean * mean);
    }
}
