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

    /** Computes the statistics of an image, in one pass over its pixels plus one for the Laplacian. */
    public static ImageStats of(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        float[] luma = new float[w * h];
        double sumR = 0, sumG = 0, sumB = 0, sumY = 0, sumYY = 0, sumS = 0;
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            double r = ((p >> 16) & 0xff) / 255.0;
            double g = ((p >> 8) & 0xff) / 255.0;
            double b = (p & 0xff) / 255.0;
            double y = 0.299 * r + 0.587 * g + 0.114 * b;
            luma[i] = (float) y;
            sumR += r;
            sumG += g;
            sumB += b;
            sumY += y;
            sumYY += y * y;
            double max = Math.max(r, Math.max(g, b));
            double min = Math.min(r, Math.min(g, b));
            sumS += max == 0 ? 0 : (max - min) / max;
        }
        double n = argb.length;
        double meanY = sumY / n;
        double varY = Math.max(0, sumYY / n - meanY * meanY);
        return new ImageStats(meanY, Math.sqrt(varY), laplacianVariance(luma, w, h),
                sumR / n, sumG / n, sumB / n, sumS / n);
    }

    private static double laplacianVariance(float[] y, int w, int h) {
        if (w < 3 || h < 3) {
            return 0;
        }
        double sum = 0, sumSq = 0;
        long count = 0;
        for (int row = 1; row < h - 1; row++) {
            int base = row * w;
            for (int col = 1; col < w - 1; col++) {
                int i = base + col;
                double lap = y[i - 1] + y[i + 1] + y[i - w] + y[i + w] - 4.0 * y[i];
                sum += lap;
                sumSq += lap * lap;
                count++;
            }
        }
        double mean = sum / count;
        return Math.max(0, sumSq / count - mean * mean);
    }
}
