package dev.loupe.monitor.drift;

/**
 * Watches one per-image statistic (brightness, contrast, sharpness, a colour channel, the model's
 * score) for a shift away from its reference: reference scores ({@link NormalScores}), corrected for
 * correlated frames ({@link StreamCalibration}), fed to a two-sided {@link Cusum} calibrated to the
 * false-alarm budget.
 *
 * <p>The reference is a sample: its quantiles are off by about {@code 1.25/√n} σ, a small permanent
 * shift that a CUSUM slowly accumulates. With a 2,000-image reference the bench measured 1.4 false
 * alarms per 10⁶ images against a budget of 1, so the threshold is calibrated for a budget larger by
 * {@code 1 + 2000/n} (twice the budget at n = 2,000; it costs ~2 frames of delay at 1σ).
 *
 * <p>Not thread-safe: feed it from one thread, in stream order.
 */
public final class StatisticMonitor {
    private final NormalScores reference;
    private final double scale;
    private final Cusum cusum;
    private long next;

    /**
     * @param name                the statistic's name, reported in alarms
     * @param reference           reference scores of the statistic
     * @param stream              correction for correlated frames ({@link StreamCalibration#iid()} if none)
     * @param shiftSigma          the shift (in reference σ) the monitor is tuned to catch fastest
     * @param imagesPerFalseAlarm the false-alarm budget
     */
    public StatisticMonitor(String name, NormalScores reference, StreamCalibration stream, double shiftSigma,
                            double imagesPerFalseAlarm) {
        double k = shiftSigma / 2;
        double margin = 1 + 2000.0 / reference.size();
        this.reference = reference;
        this.scale = stream.scale();
        this.cusum = new Cusum(name, k, Calibration.twoSidedThreshold(k, imagesPerFalseAlarm * margin) + stream.thresholdOffset());
    }

    /** A monitor for independent frames. */
    public StatisticMonitor(String name, double[] reference, double shiftSigma, double imagesPerFalseAlarm) {
        this(name, new NormalScores(reference), StreamCalibration.iid(), shiftSigma, imagesPerFalseAlarm);
    }

    /** A monitor calibrated on a reference stream in time order (correlated frames). */
    public static StatisticMonitor forStream(String name, double[] orderedReference, double shiftSigma,
                                             double imagesPerFalseAlarm, long seed) {
        NormalScores scores = new NormalScores(orderedReference);
        double[] z = new double[orderedReference.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = scores.z(orderedReference[i]);
        }
        return new StatisticMonitor(name, scores, StreamCalibration.estimate(z, shiftSigma / 2, seed), shiftSigma,
                imagesPerFalseAlarm);
    }

    public DriftVerdict observe(double value) {
        return cusum.observe(reference.z(value) * scale, next++);
    }

    public double threshold() {
        return cusum.threshold();
    }

    public double statistic() {
        return cusum.statistic();
    }

    public long observed() {
        return next;
    }
}
