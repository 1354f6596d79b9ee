package dev.loupe.monitor.watch;

/**
 * Precision and recall on the positive label over one slice's last labelled predictions.
 *
 * @param slice     the slice ({@code all}, {@code station=cam-1}, {@code decision=REVIEW})
 * @param labels    labelled predictions counted
 * @param precision TP / (TP + FP), NaN when nothing was predicted positive
 * @param recall    TP / (TP + FN), NaN when no label was positive
 */
public record SliceMetrics(String slice, int labels, double precision, double recall) {
}
