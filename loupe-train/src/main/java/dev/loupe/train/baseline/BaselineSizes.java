package dev.loupe.train.baseline;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The baseline's sizes in pixels of its input, from the trainer's parameters. The defaults are tuned
 * at 128 x 128 and scale with the input width, so the rules look at the same part of the product at
 * any input size.
 *
 * @param width      input width
 * @param height     input height
 * @param kernel     side of the box blur taken as a pixel's local background (odd)
 * @param broadKernel side of the wider box blur the {@code broad} feature compares with (odd)
 * @param tile       side of the small tiles the deviation is averaged over (fine marks: scratches, pits; odd)
 * @param blob       side of the large tiles (blotches, dents; odd)
 * @param erosion    side of the square the product mask is eroded with before its extent is measured (odd)
 * @param edgeMargin pixels inside the product's extent left out (its rim and outline)
 * @param topMargin  pixels below the product's top edge left out (the camera bump)
 */
record BaselineSizes(int width, int height, int kernel, int broadKernel, int tile, int blob, int erosion,
                     int edgeMargin, int topMargin) {

    BaselineSizes {
        for (int odd : new int[]{kernel, broadKernel, tile, blob, erosion}) {
            if (odd < 1 || odd % 2 == 0) {
                throw new IllegalArgumentException("baseline kernel, broad_kernel, tile and blob sizes must be odd and"
                        + " positive, got " + kernel + ", " + broadKernel + ", " + tile + ", " + blob);
            }
        }
        if (width < 2 * (edgeMargin + blob) || height < topMargin + edgeMargin + 2 * blob) {
            throw new IllegalArgumentException("the input " + width + "x" + height + " is too small for blob "
                    + blob + " and margins " + edgeMargin + "/" + topMargin);
        }
    }

    /** Default parameters at this input size (what {@code train} records when none are given). */
    static Map<String, String> defaults(int width, int height) {
        double s = width / 128.0;
        Map<String, String> d = new TreeMap<>();
        d.put("kernel", Integer.toString(Math.max(3, odd(3 * s))));
        d.put("broad_kernel", Integer.toString(Math.max(5, odd(5 * s))));
        d.put("tile", Integer.toString(odd(3 * s)));
        d.put("blob", Integer.toString(odd(7 * s)));
        d.put("edge_margin", fraction(0.047));
        d.put("top_margin", fraction(0.1875));
        return d;
    }

    /**
     * @param edgeMargin fraction of the width left out along the product's outline
     * @param topMargin  fraction of the height left out below the product's top edge
     */
    static BaselineSizes of(int width, int height, int kernel, int broadKernel, int tile, int blob, double edgeMargin,
                            double topMargin) {
        int erosion = odd(5 * width / 128.0);
        return new BaselineSizes(width, height, kernel, broadKernel, tile, blob, erosion,
                (int) Math.round(edgeMargin * width), (int) Math.round(topMargin * height));
    }

    /** The nearest odd whole number, at least 1. */
    static int odd(double x) {
        return Math.max(1, 2 * (int) Math.round((x - 1) / 2) + 1);
    }

    private static String fraction(double f) {
        return String.format(Locale.ROOT, "%.4f", f);
    }
}
