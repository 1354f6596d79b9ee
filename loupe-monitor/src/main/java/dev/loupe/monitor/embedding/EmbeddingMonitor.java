package dev.loupe.monitor.embedding;

import dev.loupe.monitor.drift.DriftVerdict;

/**
 * Watches a model's embedding for a change of distribution: the maximum mean discrepancy (MMD, Gretton
 * et al. 2012, JMLR 13) between the last {@code window} images and the reference, with an RBF kernel on
 * the {@link Projection}'s coordinates, evaluated every {@code window / 2} images, alarming above a
 * threshold calibrated to the false-alarm budget.
 *
 * <p>Why windowed MMD rather than a CUSUM on a projection: a CUSUM needs a direction (or a likelihood
 * ratio) to accumulate, and the ways an embedding moves are many and unknown in advance (a new variant
 * lights up features the reference never used; defocus moves texture features one way, dimming another);
 * MMD with a characteristic kernel sees any change of distribution, in any direction, including a change
 * of spread. Its price is delay: at least half a window. The per-image statistics keep their CUSUMs for
 * fast detection of the changes one can name; this detector is the catch-all.
 *
 * <p>How:
 * <ul>
 *   <li>Kernel: RBF, bandwidth by the median heuristic (median distance between fitted reference points),
 *       approximated by {@code features} random Fourier features (Rahimi &amp; Recht 2007), so that
 *       MMD² = ‖mean φ(window) − mean φ(reference)‖² and a window's statistic costs O(features) to keep up
 *       to date, one image at a time. The statistic is exactly this approximate-kernel MMD, and the
 *       threshold is calibrated for exactly it.</li>
 *   <li>Threshold: a window is tested every {@code step = window/2} images, so a budget of B images per
 *       false alarm allows a false-alarm probability α = step / B per test (a union bound; overlapping
 *       windows make the real rate lower). Windows are drawn by moving-block bootstrap (Künsch 1989) from
 *       the held-out reference points in order, so correlation between consecutive frames is kept; 10⁵
 *       such windows give the null distribution down to 10⁻³. Below that, MMD² is a weighted sum of χ²
 *       variables whose tail is exponential, so the threshold is extrapolated with an exponential fitted
 *       to the exceedances over the 99th percentile (peaks over threshold, Pickands 1975; Davison &amp;
 *       Smith 1990). The χ² polynomial factor makes that fit slightly heavy-tailed: the threshold errs
 *       high (fewer false alarms).</li>
 *   <li>Alarm: the estimated start is the point τ among the last 32 windows maximising the likelihood
 *       ratio of a mean step in the (whitened) coordinates, {@code ‖Σ_{i≥τ} x_i‖² / (n − τ)}; the effect
 *       size is the length of the mean coordinate vector since τ: the mean shift in reference standard
 *       deviations (a Mahalanobis distance in the projection). After an alarm the window restarts empty.</li>
 * </ul>
 *
 * <p>Not thread-safe: one monitor per stream, fed in stream order.
 */
public final class EmbeddingMonitor {
    /** Random Fourier features used by default. */
    public static final int FEATURES = 128;
    /** Default window: 100 images, the size the windowed baselines of {@code loupe bench drift} use. */
    public static final int WINDOW = 100;

    private static final int MIN_SEGMENT = 10;

    private final String name;
    private final Projection projection;
    private final int window;
    private final int step;
    private final RandomFeatures phi;
    private final double[] referenceMean;
    private final double threshold;
    private final double bandwidth;

    private final double[][] ring;          // φ of the last `window` images
    private final double[] sum;             // their sum
    private int filled;
    private int sinceEvaluation;
    private double statistic;

    private final double[][] recent;        // coordinates of the last 32 windows, for the change point
    private final long[] recentIndex;
    private long seen;
    private long segmentStart;              // first index after the last alarm

    /**
     * @param name                reported in alarms ({@code embedding})
     * @param reference           the reference's projection and points
     * @param window              images per window (≥ 20, even)
     * @param imagesPerFalseAlarm the false-alarm budget
     * @param seed                seeds the random features and the bootstrap: same seed, same threshold
     */
    public EmbeddingMonitor(String name, EmbeddingReference reference, int window, double imagesPerFalseAlarm, long seed) {
        if (window < 20 || window % 2 != 0) {
            throw new IllegalArgumentException("the window must be even and at least 20 images, got " + window);
        }
        if (!(imagesPerFalseAlarm >= 10 * window)) {
            throw new IllegalArgumentException("a false-alarm budget below ten windows makes no sense: " + imagesPerFalseAlarm);
        }
        int heldOut = reference.size() - reference.fitted();
        if (heldOut < 2 * window) {
            throw new IllegalArgumentException("calibrating windows of " + window + " needs " + 2 * window
                    + " held-out reference points, there are " + heldOut);
        }
        this.name = name;
        this.projection = reference.projection();
        this.window = window;
        this.step = window / 2;
        this.bandwidth = MedianDistance.of(reference.points(), reference.fitted(), seed);
        this.phi = new RandomFeatures(reference.projection().dimensions(), FEATURES, bandwidth, seed);
        this.referenceMean = new double[FEATURES];
        for (int i = 0; i < reference.fitted(); i++) {
            double[] f = phi.apply(reference.points()[i]);
            for (int j = 0; j < FEATURES; j++) {
                referenceMean[j] += f[j] / reference.fitted();
            }
        }
        this.threshold = WindowCalibration.threshold(phi, referenceMean, reference, window,
                step / imagesPerFalseAlarm, seed + 1);
        this.ring = new double[window][];
        this.sum = new double[FEATURES];
        this.recent = new double[32 * window][];
        this.recentIndex = new long[32 * window];
    }

    /** A monitor with the default window, tuned as {@code loupe} runs it. */
    public static EmbeddingMonitor calibrated(EmbeddingReference reference, double imagesPerFalseAlarm) {
        return new EmbeddingMonitor("embedding", reference, WINDOW, imagesPerFalseAlarm, 2026);
    }

    /**
     * Feeds one image's embedding.
     *
     * @param index the image's position in the monitored stream (reported back as the change's start)
     */
    public DriftVerdict observe(float[] embedding, long index) {
        double[] x = projection.project(embedding);
        int r = (int) (seen++ % recent.length);
        recent[r] = x;
        recentIndex[r] = index;
        double[] f = phi.apply(x);
        int slot = (int) ((seen - 1) % window);
        if (filled == window) {
            double[] old = ring[slot];
            for (int j = 0; j < f.length; j++) {
                sum[j] -= old[j];
            }
        } else {
            filled++;
        }
        ring[slot] = f;
        for (int j = 0; j < f.length; j++) {
            sum[j] += f[j];
        }
        if (filled < window || ++sinceEvaluation < step) {
            return new DriftVerdict.Stable(statistic, threshold);
        }
        sinceEvaluation = 0;
        statistic = mmd2();
        if (statistic <= threshold) {
            return new DriftVerdict.Stable(statistic, threshold);
        }
        DriftVerdict.Drift d = changePoint(index);
        restartWindow();
        return d;
    }

    /** Forgets the stream (as if nothing had been observed), keeping the calibration. */
    public void reset() {
        restartWindow();
        statistic = 0;
    }

    private void restartWindow() {
        filled = 0;
        sinceEvaluation = 0;
        java.util.Arrays.fill(sum, 0);
        segmentStart = seen;
    }

    private double mmd2() {
        double s = 0;
        for (int j = 0; j < sum.length; j++) {
            double diff = sum[j] / window - referenceMean[j];
            s += diff * diff;
        }
        return s;
    }

    /** The likelihood-ratio change point among the remembered points since the last alarm. */
    private DriftVerdict.Drift changePoint(long alarmIndex) {
        int dims = projection.dimensions();
        long oldest = Math.max(segmentStart, seen - recent.length);
        double[] tail = new double[dims];
        double best = -1;
        long bestPos = seen - 1;
        double[] bestMean = new double[dims];
        for (long pos = seen - 1; pos >= oldest; pos--) {
            double[] x = recent[(int) (pos % recent.length)];
            for (int c = 0; c < dims; c++) {
                tail[c] += x[c];
            }
            long n = seen - pos;
            if (n < MIN_SEGMENT && pos > oldest) {
                continue;
            }
            double norm2 = 0;
            for (double t : tail) {
                norm2 += t * t;
            }
            double glr = norm2 / n;
            if (glr > best) {
                best = glr;
                bestPos = pos;
                for (int c = 0; c < dims; c++) {
                    bestMean[c] = tail[c] / n;
                }
            }
        }
        double effect = 0;
        for (double m : bestMean) {
            effect += m * m;
        }
        long start = recentIndex[(int) (bestPos % recent.length)];
        return new DriftVerdict.Drift(name, "up", statistic, threshold, Math.sqrt(effect), start, alarmIndex);
    }

    /** The latest window's MMD² (0 before the first full window). */
    public double statistic() {
        return statistic;
    }

    public double threshold() {
        return threshold;
    }

    /** The kernel bandwidth chosen by the median heuristic, in projection coordinates. */
    public double bandwidth() {
        return bandwidth;
    }

    public int window() {
        return window;
    }
}
