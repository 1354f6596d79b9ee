package dev.loupe.train.eval;

import java.util.List;

/**
 * The metrics of one slice (the images sharing one value of one column) and how much it loses
 * against the whole set.
 *
 * <p>Loss, the ranking key: the larger of the <em>recall drop</em> (overall recall minus the slice's,
 * when the slice has defects) and the <em>false-reject rise</em> (the slice's false-reject rate minus
 * the overall one, when it has good parts). A slice of only good parts is thus ranked by false rejects,
 * a slice of only defects by recall. {@code lossMetric} names the one that gave the loss.
 *
 * @param column  the manifest/metadata column ({@code lighting}), or {@code annotator:<name>}
 * @param value   the value, or for a banded numeric column the band ({@code q1 [0.12, 0.35]})
 * @param members the slice's images
 */
public record SliceResult(String column, String value, BinaryMetrics metrics, double loss, String lossMetric,
                          List<ScoredSample> members) {

    public SliceResult {
        members = List.copyOf(members);
    }

    /** {@code column=value}. */
    public String name() {
        return column + "=" + value;
    }
}
