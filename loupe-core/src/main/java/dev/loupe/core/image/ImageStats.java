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

    /** {@code 2^40 / v} for every byte value but 0: saturation in fixed point. */
    private static final long[] INVERSE = new long[256];
    private static final double INVERSE_SCALE = 0x1p40;

    static {
        for (int v = 1; v < 256; v++) {
            INVERSE[v] = Math.round(INVERSE_SCALE / v);
        }
    }

    /** Luma in integer units: {@code 299 R + 587 G + 114 B} for 8-bit channels, so 1.0 is {@value}. */
    private static final double LUMA_SCALE = 255_000.0;

    /**
     * Pixels summed in integers before a partial sum moves to a double: keeps every integer sum
     * exact (a saturation term is below 2^48, a squared Laplacian below 2^41).
     */
    private static final int CHUNK = 4096;

    /**
     * Computes the statistics of an image, in one pass over its pixels plus one for the Laplacian. Pixels
     * are read as {@link BufferedImage#getRGB} gives them (so a grayscale image's values go through its
     * colour space), straight from the raster for the types decoders produce.
     *
     * <p>The sums are kept in integers (luma as {@code 299 R + 587 G + 114 B}, exactly BT.601 on 8-bit
     * channels; saturation in 2^-40 units) over chunks of pixels and scaled to 0..1 at the end: the same
     * statistics as summing per-pixel doubles, to rounding, at a fraction of the cost, since they run for
     * every logged prediction.
     */
    public static ImageStats of(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] argb = PixelsArgb.of(img);
        int n = argb.length;
        int[] luma = new int[n];
        long[] inverse = INVERSE;
        long sumR = 0, sumG = 0, sumB = 0;
        double sumYY = 0, sumS = 0;
        for (int from = 0; from < n; from += CHUNK) {
            int to = Math.min(n, from + CHUNK);
            long yy = 0, sat = 0;
            for (int i = from; i < to; i++) {
                int p = argb[i];
                int r = (p >> 16) & 0xff;
                int g = (p >> 8) & 0xff;
                int b = p & 0xff;
                int y = 299 * r + 587 * g + 114 * b;
                luma[i] = y;
                sumR += r;
                sumG += g;
                sumB += b;
                yy += (long) y * y;
                int max = Math.max(r, Math.max(g, b));
                int min = Math.min(r, Math.min(g, b));
                sat += (max - min) * inverse[max];
            }
            sumYY += yy;
            sumS += sat;
        }
        double count = n;
        double meanY = (299.0 * sumR + 587.0 * sumG + 114.0 * sumB) / count / LUMA_SCALE;
        double varY = Math.max(0, sumYY / count / (LUMA_SCALE * LUMA_SCALE) - meanY * meanY);
        return new ImageStats(meanY, Math.sqrt(varY), laplacianVariance(luma, w, h),
                sumR / count / 255.0, sumG / count / 255.0, sumB / count / 255.0, sumS / INVERSE_SCALE / count);
    }

    private static double laplacianVariance(int[] y, int w, int h) {
        if (w < 3 || h < 3) {
            return 0;
        }
        long sum = 0;
        double sumSq = 0;
        for (int row = 1; row < h - 1; row++) {
            int base = row * w;
            for (int from = 1; from < w - 1; from += CHUNK) {
                int to = Math.min(w - 1, from + CHUNK);
                long sq = 0;
                for (int i = base + from; i < base + to; i++) {
                    long lap = (long) y[i - 1] + y[i + 1] + y[i - w] + y[i + w] - 4L * y[i];
                    sum += lap;
                    sq += lap * lap;
                }
                sumSq += sq;
            }
        }
        double count = (double) (w - 2) * (h - 2);
        double mean = sum / count / LUMA_SCALE;
        return Math.max(0, sumSq / count / (LUMA_SCALE * LUMA_SCALE) - mean * mean);
    }
}
