package dev.loupe.monitor.drift;

import java.util.SplittableRandom;

/**
 * How a production stream's correlation changes a CUSUM's calibration: a scale for the scores and an
 * offset for the threshold.
 *
 * <p>Consecutive frames are correlated, so sums of scores vary more than independence predicts and an
 * i.i.d.-calibrated CUSUM false-alarms far too often. Scaling scores by {@code 1/√f}, f the long-run
 * variance factor ({@link Calibration#longRunVarianceFactor}), restores the long-run variance; but the
 * scaled walk is smoother step to step, so its overshoot of the threshold differs from the i.i.d. one
 * that Siegmund's formula assumes, shifting log-ARL by a constant. That constant is measured: the CUSUM
 * is run on a moving-block bootstrap of the reference stream at a budget short enough to simulate
 * (thousands of frames between alarms), and the threshold offset that meets it is found by bisection.
 * Since log-ARL grows linearly in h with the same slope for both walks, the same offset holds at the
 * real budget (10⁶), which no simulation could reach quickly.
 *
 * @param scale           multiply scores by this before the CUSUM
 * @param thresholdOffset add this to the i.i.d. threshold
 */
public record StreamCalibration(double scale, double thresholdOffset) {

    /** Independent frames: nothing to correct. */
    public static StreamCalibration iid() {
        return new StreamCalibration(1, 0);
    }

    /**
     * Estimates the correction from a reference stream in time order.
     *
     * @param z     standard-normal scores of the reference stream, in the order observed
     * @param k     the CUSUM's reference value
     */
    public static StreamCalibration estimate(double[] z, double k, long seed) {
        int block = Math.max(Calibration.defaultBlockSize(z.length), 20);
        double factor = Calibration.longRunVarianceFactor(z, block, seed);
        if (factor < 1.2) {
            return iid(); // within the noise of the estimate: treat as independent
        }
        double scale = 1 / Math.sqrt(factor);
        double[] stream = resample(z, block, 1_500_000, seed + 1);
        for (int i = 0; i < stream.length; i++) {
            stream[i] *= scale;
        }
        double budget = 3_000;
        double h0 = Calibration.twoSidedThreshold(k, budget);
        double lo = -h0 * 0.9, hi = h0;
        for (int it = 0; it < 14; it++) {
            double mid = (lo + hi) / 2;
            double arl = simulatedArl(stream, k, h0 + mid);
            if (arl < budget) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return new StreamCalibration(scale, (lo + hi) / 2);
    }

    private static double simulatedArl(double[] stream, double k, double h) {
        Cusum c = new Cusum("calibration", k, h);
        int alarms = 0;
        for (int i = 0; i < stream.length; i++) {
            if (c.observe(stream[i], i) instanceof DriftVerdict.Drift) {
                alarms++;
            }
        }
        return alarms == 0 ? Double.POSITIVE_INFINITY : (double) stream.length / alarms;
    }

    /** A moving-block bootstrap resample: random blocks of the stream laid end to end. */
    static double[] resample(double[] z, int block, int length, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] out = new double[length];
        int pos = 0;
        while (pos < length) {
            int start = rnd.nextInt(z.length - block + 1);
            int n = Math.min(block, length - pos);
            System.arraycopy(z, start, out, pos, n);
            pos += n;
        }
        return out;
    }
}
