package dev.loupe.monitor.drift;

/**
 * A CUSUM on a rate (the model's error rate on reviewed items, the share of one predicted class):
 * the log-likelihood-ratio CUSUM of Bernoulli(p₁) against Bernoulli(p₀) (Reynolds &amp; Stoumbos 1999,
 * "A CUSUM chart for monitoring a proportion when inspecting continuously"). Each observation adds
 * {@code ln(p₁/p₀)} when the event happens and {@code ln((1−p₁)/(1−p₀))} when not.
 *
 * <p>Threshold: under no change the increments have drift {@code −KL(p₀‖p₁)} and exponential tilt 1
 * (the likelihood ratio has mean 1), so Siegmund's approximation gives
 * {@code ARL₀ ≈ (e^{h+ρ} − (h+ρ) − 1) / KL(p₀‖p₁)}, ρ the mean overshoot. ρ is taken as 0, which
 * errs on the side of fewer false alarms (with ρ = half the upward step the bench measured 1.2 false
 * alarms per 10⁵ labels against a budget of 1). The bench measures the realised rate.
 *
 * <p>Not thread-safe.
 */
public final class BernoulliCusum {
    private final String name;
    private final double p0;
    private final double p1;
    private final double hit;
    private final double miss;
    private final double h;
    private double s;
    private long start;
    private long events;
    private long count;
    private long next;

    public BernoulliCusum(String name, double p0, double p1, double observationsPerFalseAlarm) {
        if (!(p0 > 0 && p0 < 1 && p1 > p0 && p1 < 1)) {
            throw new IllegalArgumentException("need 0 < p0 < p1 < 1 (got p0=" + p0 + ", p1=" + p1 + ")");
        }
        this.name = name;
        this.p0 = p0;
        this.p1 = p1;
        this.hit = Math.log(p1 / p0);
        this.miss = Math.log((1 - p1) / (1 - p0));
        this.h = threshold(observationsPerFalseAlarm);
    }

    private double threshold(double arl0) {
        double kl = p0 * Math.log(p0 / p1) + (1 - p0) * Math.log((1 - p0) / (1 - p1));
        double rho = 0;
        double lo = 0, hi = 1;
        while (arlAt(hi, rho, kl) < arl0) {
            hi *= 2;
        }
        for (int i = 0; i < 100; i++) {
            double mid = (lo + hi) / 2;
            if (arlAt(mid, rho, kl) < arl0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    private static double arlAt(double h, double rho, double kl) {
        double b = h + rho;
        return (Math.exp(b) - b - 1) / kl;
    }

    public double threshold() {
        return h;
    }

    public double statistic() {
        return s;
    }

    /** Feeds one observation as the next: whether the event (an error, the watched class) happened. */
    public DriftVerdict observe(boolean event) {
        return observe(event, next);
    }

    /**
     * Feeds observation number {@code index} in the caller's numbering (increasing, not necessarily
     * consecutive: a caller may skip what it cannot classify); the alarm's start and index are in it, its
     * rate over the observations fed.
     */
    public DriftVerdict observe(boolean event, long index) {
        next = index + 1;
        if (s == 0) {
            start = index;
            events = 0;
            count = 0;
        }
        s = Math.max(0, s + (event ? hit : miss));
        events = s == 0 ? 0 : events + (event ? 1 : 0);
        count = s == 0 ? 0 : count + 1;
        if (s > h) {
            double rate = (double) events / count;
            DriftVerdict d = new DriftVerdict.Drift(name, "up", s, h, rate, start, index);
            s = 0;
            return d;
        }
        return new DriftVerdict.Stable(s, h);
    }
}
