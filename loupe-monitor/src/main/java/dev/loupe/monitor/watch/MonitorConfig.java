package dev.loupe.monitor.watch;

/**
 * How a {@link ModelMonitor}'s detectors are tuned. Validated when built.
 *
 * @param imagesPerFalseAlarm the false-alarm budget of each detector: expected predictions between false
 *                            alarms when nothing changed
 * @param shiftSigma          the shift (in reference σ) the statistic detectors catch fastest
 * @param minShareIncrease    the defect-share detector watches for a rise to {@code max(2 p₀, p₀ + this)}
 */
public record MonitorConfig(double imagesPerFalseAlarm, double shiftSigma, double minShareIncrease) {

    public MonitorConfig {
        if (!(imagesPerFalseAlarm >= 10)) {
            throw new IllegalArgumentException("a false-alarm budget below 10 predictions makes no sense");
        }
        if (!(shiftSigma > 0)) {
            throw new IllegalArgumentException("shiftSigma must be positive, got " + shiftSigma);
        }
        if (!(minShareIncrease > 0 && minShareIncrease < 1)) {
            throw new IllegalArgumentException("minShareIncrease must be in (0, 1), got " + minShareIncrease);
        }
    }

    /** 10⁶ predictions per false alarm per detector, tuned for 1σ shifts, share rise of at least 0.05. */
    public static MonitorConfig defaults() {
        return new MonitorConfig(1e6, 1.0, 0.05);
    }

    public MonitorConfig withBudget(double predictionsPerFalseAlarm) {
        return new MonitorConfig(predictionsPerFalseAlarm, shiftSigma, minShareIncrease);
    }
}
