package dev.loupe.monitor.drift;

/** What a monitor concluded after an observation. */
public sealed interface DriftVerdict {

    /** The monitor's statistic, comparable to its threshold. */
    double statistic();

    double threshold();

    /** No change detected so far. */
    record Stable(double statistic, double threshold) implements DriftVerdict {
    }

    /**
     * A change detected.
     *
     * @param monitor        what was monitored ({@code brightness}, {@code score}, {@code error-rate}...)
     * @param direction      {@code up} or {@code down}
     * @param statistic      the CUSUM statistic at the alarm
     * @param threshold      its calibrated threshold
     * @param effectSize     the mean shift since the estimated start, in reference standard deviations
     *                       (for rates: the estimated rate after the change)
     * @param estimatedStart index of the first observation after the estimated change point
     * @param alarmAt        index of the observation that raised the alarm
     */
    record Drift(String monitor, String direction, double statistic, double threshold, double effectSize,
                 long estimatedStart, long alarmAt) implements DriftVerdict {

        /** Observations between the estimated start and the alarm. */
        public long delay() {
            return alarmAt - estimatedStart + 1;
        }
    }
}
