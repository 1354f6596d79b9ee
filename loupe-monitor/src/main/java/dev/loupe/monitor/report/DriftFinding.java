package dev.loupe.monitor.report;

import dev.loupe.core.monitoring.DriftAlarm;
import dev.loupe.core.monitoring.LoggedPrediction;

import java.util.List;

/**
 * One drift alarm explained: how far the statistic moved in its own units, and the most extreme images
 * since the estimated start (lowest values for a downward drift, highest for upward) that have a kept
 * image.
 *
 * @param alarm           the alarm
 * @param referenceMedian the statistic's median in the reference (NaN for rates)
 * @param currentMedian   its median from the estimated start to the alarm (for rates: the rate)
 * @param worst           most extreme predictions with an image, most extreme first (for {@code missing}: predictions
 *                        with a NaN value and an image)
 */
public record DriftFinding(DriftAlarm alarm, double referenceMedian, double currentMedian, List<LoggedPrediction> worst) {
}
