package dev.loupe.monitor.drift;

/**
 * A two-sided CUSUM on standard-normal scores (Page 1954): {@code S⁺ = max(0, S⁺ + z − k)},
 * {@code S⁻ = max(0, S⁻ − z − k)}; an alarm when either exceeds h. The reference value k is half the
 * smallest shift (in σ) worth detecting fast; h comes from {@link Calibration#twoSidedThreshold}.
 *
 * <p>The change point is estimated among the observations since the alarming side was last zero, as the
 * one maximising the generalised likelihood ratio of a step change of unknown size,
 * {@code (Σ_{i≥τ} z_i)² / (n − τ + 1)}; the effect size is the mean score since then. (The last zero
 * alone is biased early: noise before the change keeps the CUSUM above zero for a while.)
 * After an alarm the detector restarts from zero. Not thread-safe: one monitor per stream.
 */
public final class Cusum {
    private final String name;
    private final double k;
    private final double h;
    private double up;
    private double down;
    private long upStart;
    private long downStart;
    private double[] recent = new double[256];
    private long[] recentIndex = new long[256];
    private int recentSize;

    public Cusum(String name, double k, double h) {
        if (k < 0 || h <= 0) {
            throw new IllegalArgumentException("CUSUM needs k >= 0 and h > 0 (got k=" + k + ", h=" + h + ")");
        }
        this.name = name;
        this.k = k;
        this.h = h;
    }

    /** A CUSUM tuned for shifts of {@code shiftSigma} and calibrated to the false-alarm budget. */
    public static Cusum calibrated(String name, double shiftSigma, double imagesPerFalseAlarm) {
        double k = shiftSigma / 2;
        return new Cusum(name, k, Calibration.twoSidedThreshold(k, imagesPerFalseAlarm));
    }

    public double threshold() {
        return h;
    }

    public double k() {
        return k;
    }

    /** The larger of the two sides: how close the monitor is to alarming. */
    public double statistic() {
        return Math.max(up, down);
    }

    /**
     * Feeds one score (observation number {@code index}) and says whether a change is detected. Indices must
     * increase but need not be consecutive: a caller that skips an observation it cannot score (a NaN) keeps
     * its own numbering, and the change point and alarm are reported in it.
     */
    public DriftVerdict observe(double z, long index) {
        if (up == 0) {
            upStart = index;
        }
        if (down == 0) {
            downStart = index;
        }
        remember(z, index);
        up = Math.max(0, up + z - k);
        down = Math.max(0, down - z - k);
        if (up > h || down > h) {
            boolean isUp = up >= down;
            int from = bestChangePoint(isUp ? upStart : downStart);
            double sum = 0;
            for (int i = from; i < recentSize; i++) {
                sum += recent[i];
            }
            DriftVerdict d = new DriftVerdict.Drift(name, isUp ? "up" : "down", Math.max(up, down), h,
                    sum / (recentSize - from), recentIndex[from], index);
            reset();
            return d;
        }
        return new DriftVerdict.Stable(statistic(), h);
    }

    public void reset() {
        up = 0;
        down = 0;
        recentSize = 0;
    }

    /** Keeps the scores since both sides were last zero (the only ones a change point can be among). */
    private void remember(double z, long index) {
        if (up == 0 && down == 0) {
            recentSize = 0;
        }
        if (recentSize == recent.length) {
            if (recent.length >= 1 << 20) { // a very long excursion: keep the newest half
                int half = recent.length / 2;
                System.arraycopy(recent, half, recent, 0, recentSize - half);
                System.arraycopy(recentIndex, half, recentIndex, 0, recentSize - half);
                recentSize -= half;
            } else {
                recent = java.util.Arrays.copyOf(recent, recent.length * 2);
                recentIndex = java.util.Arrays.copyOf(recentIndex, recentIndex.length * 2);
            }
        }
        recent[recentSize] = z;
        recentIndex[recentSize++] = index;
    }

    /** The position in {@link #recent} of the estimated first observation after the change. */
    private int bestChangePoint(long lastZero) {
        double tail = 0;
        double best = -1;
        int arg = recentSize - 1;
        for (int i = recentSize - 1; i >= 0 && recentIndex[i] >= lastZero; i--) {
            tail += recent[i];
            double glr = tail * tail / (recentSize - i);
            if (glr > best) {
                best = glr;
                arg = i;
            }
        }
        return arg;
    }
}
