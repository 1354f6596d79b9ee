package dev.loupe.monitor.watch;

import dev.loupe.core.monitoring.DriftAlarm;

import java.util.Optional;

/**
 * One detector of a model monitor, now: for the metrics endpoint and reports.
 *
 * @param monitor   what it watches ({@code brightness}, {@code score}, {@code defect-share})
 * @param statistic its statistic: a CUSUM (0 = in control), or the last window's MMD² for {@code embedding}
 * @param threshold the statistic at which it alarms
 * @param observed  predictions it has seen
 * @param missing   NaN values among them, which it skipped (for {@code missing}: the predictions with a NaN value)
 * @param alarms    alarms it has raised
 * @param lastAlarm its latest alarm
 */
public record DetectorState(String monitor, double statistic, double threshold, long observed, long missing, long alarms,
                            Optional<DriftAlarm> lastAlarm) {
}
