package dev.loupe.core.monitoring;

import java.time.Instant;
import java.util.Objects;

/**
 * A drift detector's alarm, as kept in the metadata store: what moved, how much, since when.
 *
 * @param model          the model's name
 * @param version        the model version whose reference the stream was compared with
 * @param monitor        the detector ({@code brightness}, {@code score}, {@code defect-share}, {@code error-rate})
 * @param direction      {@code up} or {@code down}
 * @param statistic      the detector's statistic at the alarm
 * @param threshold      its calibrated threshold (from the false-alarm budget)
 * @param effectSize     the shift since the estimated start, in reference standard deviations; for rates,
 *                       the estimated rate since the start
 * @param startTime      when the first prediction after the estimated change point was made
 * @param startRequestId that prediction's request id
 * @param alarmTime      when the prediction that raised the alarm was made
 * @param alarmRequestId that prediction's request id
 * @param observations   predictions from the estimated start to the alarm (the detection delay)
 */
public record DriftAlarm(String model, String version, String monitor, String direction, double statistic,
                         double threshold, double effectSize, Instant startTime, String startRequestId,
                         Instant alarmTime, String alarmRequestId, long observations) {
    public DriftAlarm {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(alarmTime, "alarmTime");
    }
}
