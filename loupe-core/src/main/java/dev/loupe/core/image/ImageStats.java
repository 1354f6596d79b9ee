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

    /**
     * A pixel's saturation is summed as {@code round(saturation × 2^20)}: 1,024 of them fit an int, and the
     * mean's rounding error stays below 5e-7 (at most half a unit per pixel).
     */
    private static final float SATURATION_SCALE = 1 << 20;

    /** Pixels summed in ints and longs before a partial sum moves on: every integer sum stays exact. */
    private static final int CHUNK = 1024;

    /**
     * Pixels read at most per image (about): a larger image is read in bands of three rows, every k-th
     * band, so the statistics of a 1280×960 camera frame cost what a 256×256 image's do.
     */
    public static final int MAX_PIXELS_READ = 1 << 16;

    /**
     * Pixels up to which an image is read whole; a larger one is read in bands (half its rows at most): the
     * statistics run for every logged prediction, and reading half the rows of a 192×48 image halves their
     * cost on the serving path, for estimates whose sampling noise is small next to the spread between images
     * (ImageStatsTest).
     */
    public static final int MIN_PIXELS_SAMPLED = 1 << 12;

    /** Rows from one band's start to the next at least, for an image read in bands: three rows of six. */
    static final int MIN_BAND_STEP = 6;

    /**
     * Computes the statistics of an image. Pixels are read as {@link Images#argb} gives them: a colour image's as
     * {@link BufferedImage#getRGB} does, a grayscale image's as its own levels (what the model's preprocessing
     * reads, not their sRGB conversion), straight from the raster for the types decoders produce.
     *
     * <p>Up to {@link #MIN_PIXELS_SAMPLED} pixels (and for images under six rows) every pixel counts. A
     * larger image is sampled in bands of three whole rows, one band every {@link #bandStep} rows (half the
     * rows, and fewer when that would read over {@link #MAX_PIXELS_READ} pixels): the
     * means and the contrast are those of the bands' pixels, the Laplacian's variance that of their middle
     * rows (whose neighbours are the band's other rows, so still at full resolution): unbiased estimates of
     * the whole image's, whose sampling noise is small next to the spread between images (ImageStatsTest).
     * References, validation and the prediction log all come through here, so they agree.
     *
     * <p>They run for every logged prediction, so they are written for speed: the sums are kept in
     * integers (luma as {@code 299 R + 587 G + 114 B}, exactly BT.601 on 8-bit channels) over chunks of
     * pixels and scaled to 0..1 at the end (saturation per pixel by a float division, summed in units of
     * 2^-20), in loops the JIT turns into vector instructions: the same
     * statistics as summing per-pixel doubles, to rounding (ImageStatsTest), in about a sixth of the time.
     */
    public static ImageStats of(BufferedImage img) {
        return of(new DecodedImage(img));
    }

    /**
     * Rows from one band's start to the next: 1 (every row) up to {@link #MIN_PIXELS_SAMPLED} pixels or under six rows,
     * else at least {@link #MIN_BAND_STEP}, and more when that would read over {@link #MAX_PIXELS_READ} pixels.
     */
    static int bandStep(int width, int height) {
        long pixels = (long) width * height;
        if (pixels <= MIN_PIXELS_SAMPLED || height < MIN_BAND_STEP) {
            return 1;
        }
        int bands = (int) Math.max(1, MAX_PIXELS_READ / (3L * width));
        return Math.max(MIN_BAND_STEP, (height + bands - 1) / bands);
    }

    /** {@link #of(BufferedImage)}, reading the pixels the preprocessor may have read already. */
    public static ImageStats of(DecodedImage img) {
        int w = img.width();
        int h = img.height();
        int step = bandStep(w, h);
        int[] argb = img.argb();
        Sums sums = new Sums();
        if (step == 1) {
            long[] luma = new long[argb.length];
            sums.add(argb, 0, argb.length, luma);
            return sums.stats(laplacianVariance(luma, w, h));
        }
        // each band's rows read in place, into three luma rows: the Laplacian of the middle one
        long[] up = new long[w];
        long[] mid = new long[w];
        long[] down = new long[w];
        Laplacian lap = new Laplacian();
        for (int top = 0; top + 3 <= h; top += step) { // rows top .. top + 2
            sums.add(argb, top * w, w, up);
            sums.add(argb, (top + 1) * w, w, mid);
            sums.add(argb, (top + 2) * w, w, down);
            lap.add(up, mid, down, w);
        }
        return sums.stats(lap.variance(w));
    }

    /** Running integer sums of the pixels read so far: exact, scaled to the statistics at the end. */
    private static final class Sums {
        long count;
        long sumR;
        long sumG;
        long sumB;
        double sumYY;
        long sumS;

        /**
         * Adds {@code argb[from .. from + n)}, writing each pixel's luma (in {@link #LUMA_SCALE} units) to {@code luma}:
         * a {@code long[]}, not an {@code int[]}, because the JIT vectorises a loop that stores into one array while
         * reading another only when they cannot be the same array (an {@code int[]} luma took 2.5× as long).
         */
        void add(int[] argb, int from, int n, long[] luma) {
            for (int at = 0; at < n; at += CHUNK) {
                int to = Math.min(n, at + CHUNK);
                int r = 0, g = 0, b = 0;
                for (int i = at; i < to; i++) {
                    int p = argb[from + i];
                    int pr = (p >> 16) & 0xff, pg = (p >> 8) & 0xff, pb = p & 0xff;
                    r += pr;
                    g += pg;
                    b += pb;
                    luma[i] = 299 * pr + 587 * pg + 114 * pb;
                }
                long yy = 0;
                for (int i = at; i < to; i++) {
                    yy += luma[i] * luma[i];
                }
                int sat = 0; // saturation in units of 2^-20, rounded: an int sum the JIT vectorises, unlike a float one
                for (int i = at; i < to; i++) { // a float division per pixel: vectorised, unlike a table lookup
                    int p = argb[from + i];
                    int pr = (p >> 16) & 0xff, pg = (p >> 8) & 0xff, pb = p & 0xff;
                    int max = Math.max(pr, Math.max(pg, pb));
                    sat += (int) ((float) (max - Math.min(pr, Math.min(pg, pb))) / Math.max(max, 1) * SATURATION_SCALE + 0.5f);
                }
                sumR += r;
                sumG += g;
                sumB += b;
                sumYY += yy;
                sumS += sat;
            }
            count += n;
        }

        ImageStats stats(double sharpness) {
            double n = count;
            double meanY = (299.0 * sumR + 587.0 * sumG + 114.0 * sumB) / n / LUMA_SCALE;
            double varY = Math.max(0, sumYY / n / (LUMA_SCALE * LUMA_SCALE) - meanY * meanY);
            return new ImageStats(meanY, Math.sqrt(varY), sharpness, sumR / n / 255.0, sumG / n / 255.0, sumB / n / 255.0,
                    sumS / n / SATURATION_SCALE);
        }
    }

    /**
     * Variance of the 4-neighbour Laplacian over the interior pixels of every interior row of a whole image's luma
     * ({@code w × h}); |Laplacian| <= 4 * 255,000 fits an int.
     */
    private static double laplacianVariance(long[] y, int w, int h) {
        if (w < 3 || h < 3) {
            return 0;
        }
        // each row and its neighbours copied out, so the loop reads three arrays at one index each: the
        // JIT vectorises that, not five reads of one array at offsets -w, -1, 0, +1, +w (about half the time)
        long[] up = new long[w], mid = new long[w], down = new long[w];
        System.arraycopy(y, 0, mid, 0, w);
        System.arraycopy(y, w, down, 0, w);
        Laplacian lap = new Laplacian();
        for (int row = 1; row < h - 1; row++) { // the rows move down by one: only the new row below is copied
            long[] oldUp = up;
            up = mid;
            mid = down;
            down = oldUp;
            System.arraycopy(y, (row + 1) * w, down, 0, w);
            lap.add(up, mid, down, w);
        }
        return lap.variance(w);
    }

    /** Running sums of the Laplacian over rows given with their neighbours. */
    private static final class Laplacian {
        long sum;
        double sumSq;
        long rows;

        /** Adds the Laplacian at the interior pixels of {@code mid}, whose neighbour rows are {@code up} and {@code down}. */
        void add(long[] up, long[] mid, long[] down, int w) {
            if (w < 3) {
                return;
            }
            for (int from = 0; from < w - 2; from += CHUNK) {
                int to = Math.min(w - 2, from + CHUNK);
                long s = 0;
                long sq = 0; // |Laplacian| <= 4 × 255,000: 1,024 squares fit a long
                for (int k = from; k < to; k++) {
                    long v = mid[k] + mid[k + 2] + up[k + 1] + down[k + 1] - 4 * mid[k + 1];
                    s += v;
                    sq += v * v;
                }
                sum += s;
                sumSq += sq;
            }
            rows++;
        }

        double variance(int w) {
            if (w < 3 || rows == 0) {
                return 0;
            }
            double count = (double) (w - 2) * rows;
            double mean = sum / count / LUMA_SCALE;
            return Math.max(0, sumSq / count / (LUMA_SCALE * LUMA_SCALE) - mean * mean);
        }
    }
}
