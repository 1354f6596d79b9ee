package dev.loupe.monitor.watch;

/**
 * How a {@link ModelMonitor}'s detectors are tuned. Validated when built.
 *
 * @param imagesPerFalseAlarm the false-alarm budget of each detector: expected predictions between false
 *                            alarms when nothing changed
 * @param shiftSigma          the shift (in reference σ) the statistic detectors catch fastest
 * @param minShareIncrease    the defect-share detector watches for a rise to {@code max(2 p₀, p₀ + this)}
 * @param episodeGap          a detector that re-alarms in the same direction within this many predictions of
 *                            its previous alarm is still in the same drift episode: reported once, not again
 */
public record MonitorConfig(double imagesPerFalseAlarm, double shiftSigma, double minShareIncrease, int episodeGap) {

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
        if (episodeGap < 0) {
            throw new IllegalArgumentException("episodeGap must not be negative, got " + episodeGap);
        }
    }

    /** 10⁶ predictions per false alarm per detector, 1σ shifts, share rise of at least 0.05, episodes 1,000 apart. */
    public static MonitorConfig defaults() {
        return new MonitorConfig(1e6, 1.0, 0.05, 1_000);
    }

    public MonitorConfig withBudget(double predictionsPerFalseAlarm) {
        return new MonitorConfig(predictionsPerFalseAlarm, shiftSigma, minShareIncrease, episodeGap);
    }
}
