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
    private long recentStart;
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

    /** Feeds one score (observation number {@code index}) and says whether a change is detected. */
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
            long start = bestChangePoint(isUp ? upStart : downStart, index);
            double mean = sumFrom(start, index) / (index - start + 1);
            DriftVerdict d = new DriftVerdict.Drift(name, isUp ? "up" : "down", Math.max(up, down), h, mean, start, index);
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
        if (recentSize == 0) {
            recentStart = index;
        }
        if (recentSize == recent.length) {
            if (recent.length >= 1 << 20) { // a very long excursion: keep the newest half
                int half = recent.length / 2;
                System.arraycopy(recent, half, recent, 0, recentSize - half);
                recentSize -= half;
                recentStart += half;
            } else {
                recent = java.util.Arrays.copyOf(recent, recent.length * 2);
            }
        }
        recent[recentSize++] = z;
    }

    private long bestChangePoint(long lastZero, long alarm) {
        long from = Math.max(lastZero, recentStart);
        double tail = 0;
        double best = -1;
        long arg = from;
        for (long t = alarm; t >= from; t--) {
            tail += recent[(int) (t - recentStart)];
            double glr = tail * tail / (alarm - t + 1);
            if (glr > best) {
                best = glr;
                arg = t;
            }
        }
        return arg;
    }

    private double sumFrom(long start, long alarm) {
        double s = 0;
        for (long t = start; t <= alarm; t++) {
            s += recent[(int) (t - recentStart)];
        }
        return s;
    }
}
