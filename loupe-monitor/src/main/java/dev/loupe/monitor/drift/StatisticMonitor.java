package dev.loupe.monitor.drift;

/**
 * Watches one per-image statistic (brightness, contrast, sharpness, a colour channel, the model's
 * score) for a shift away from its reference: reference scores ({@link NormalScores}), corrected for
 * correlated frames ({@link StreamCalibration}), fed to two two-sided {@link Cusum}s, one tuned to the
 * design shift ({@code shiftSigma}, k = shiftSigma/2) and one to twice it (k = shiftSigma): a single
 * CUSUM is fastest only near the shift it is tuned to, and the pair catches both a 0.5σ and a 1σ shift
 * near the best a single chart could do for each (bench: 0.5σ in ~80 images, 1σ in ~27 instead of 32).
 * Each chart gets twice the false-alarm budget, so their union keeps it (a union bound: the charts see
 * the same scores, so together they alarm less often than the sum).
 *
 * <p>The reference is a sample: its quantiles are off by about {@code 1.25/√n} σ, a small permanent
 * shift that a CUSUM slowly accumulates. With a 2,000-image reference the bench measured 1.4 false
 * alarms per 10⁶ images against a budget of 1, so the thresholds are calibrated for a budget larger by
 * {@code 1 + 2000/n} (twice the budget at n = 2,000; it costs ~2 frames of delay at 1σ).
 *
 * <p>A NaN (a statistic undefined for the image, a model that answered NaN) is no value of the
 * distribution: it has no rank, so it is not fed to the charts (read as a rank it would be the lowest, a
 * drift downward) but counted in {@link #missing()}; whoever feeds the monitor watches that share.
 *
 * <p>Not thread-safe: feed it from one thread, in stream order.
 */
public final class StatisticMonitor {
    private final NormalScores reference;
    private final double scale;
    private final Cusum slow;
    private final Cusum fast;
    private long next;
    private long missing;

    /**
     * @param name                the statistic's name, reported in alarms
     * @param reference           reference scores of the statistic
     * @param slowStream          correction for correlated frames for the chart tuned to {@code shiftSigma}
     *                            ({@link StreamCalibration#iid()} if none)
     * @param fastStream          the same for the chart tuned to {@code 2 shiftSigma}
     * @param shiftSigma          the smallest shift (in reference σ) the monitor is tuned to catch fast
     * @param imagesPerFalseAlarm the false-alarm budget
     */
    private StatisticMonitor(String name, NormalScores reference, StreamCalibration slowStream, StreamCalibration fastStream,
                             double shiftSigma, double imagesPerFalseAlarm) {
        double perChart = 2 * imagesPerFalseAlarm * (1 + 2000.0 / reference.size());
        this.reference = reference;
        this.scale = slowStream.scale();
        this.slow = chart(name, shiftSigma / 2, perChart, slowStream);
        this.fast = chart(name, shiftSigma, perChart, fastStream);
    }

    private static Cusum chart(String name, double k, double imagesPerFalseAlarm, StreamCalibration stream) {
        return new Cusum(name, k, Calibration.twoSidedThreshold(k, imagesPerFalseAlarm) + stream.thresholdOffset());
    }

    /** A monitor for independent frames. */
    public StatisticMonitor(String name, double[] reference, double shiftSigma, double imagesPerFalseAlarm) {
        this(name, new NormalScores(reference), StreamCalibration.iid(), StreamCalibration.iid(), shiftSigma,
                imagesPerFalseAlarm);
    }

    /** A monitor calibrated on a reference stream in time order (correlated frames). */
    public static StatisticMonitor forStream(String name, double[] orderedReference, double shiftSigma,
                                             double imagesPerFalseAlarm, long seed) {
        NormalScores scores = new NormalScores(orderedReference);
        double[] z = java.util.Arrays.stream(orderedReference).filter(v -> !Double.isNaN(v)).map(scores::z).toArray();
        // the same seed gives both the same block bootstrap, so the same score scale
        return new StatisticMonitor(name, scores, StreamCalibration.estimate(z, shiftSigma / 2, seed),
                StreamCalibration.estimate(z, shiftSigma, seed), shiftSigma, imagesPerFalseAlarm);
    }

    /** Feeds one value as the next observation; see {@link #observe(double, long)}. */
    public DriftVerdict observe(double value) {
        return observe(value, next);
    }

    /**
     * Feeds one value, observation number {@code index} in the caller's numbering (increasing; a NaN's index
     * is skipped): a drift verdict from whichever chart alarms first (both restart after an alarm), with its
     * change point and alarm in that numbering. A NaN changes nothing but {@link #missing()}.
     */
    public DriftVerdict observe(double value, long index) {
        next = index + 1;
        if (Double.isNaN(value)) {
            missing++;
            return new DriftVerdict.Stable(statistic(), threshold());
        }
        double z = reference.z(value) * scale;
        DriftVerdict a = slow.observe(z, index);
        DriftVerdict b = fast.observe(z, index);
        if (a instanceof DriftVerdict.Drift || b instanceof DriftVerdict.Drift) {
            slow.reset();
            fast.reset();
            return a instanceof DriftVerdict.Drift ? a : b;
        }
        return new DriftVerdict.Stable(statistic(), threshold());
    }

    /** The threshold {@link #statistic()} is compared with: the slow chart's. */
    public double threshold() {
        return slow.threshold();
    }

    /** How close the monitor is to alarming, in the slow chart's units: the nearer chart's share of its threshold. */
    public double statistic() {
        return slow.threshold() * Math.max(slow.statistic() / slow.threshold(), fast.statistic() / fast.threshold());
    }

    /** Observations fed, NaNs included. */
    public long observed() {
        return next;
    }

    /** NaN values fed: not part of the distribution, so not seen by the charts. */
    public long missing() {
        return missing;
    }
}
