package dev.loupe.monitor.estimate;

/**
 * Performance estimated without labels from calibrated confidences (see {@link PerformanceEstimator}).
 * Valid only while P(label | image) is what it was on the reference: it cannot see concept drift
 * (a new defect type the model scores low looks like a confident good part), only the effect of
 * covariate shift on a model whose confidence stays calibrated.
 *
 * @param predictions        predictions in the window
 * @param precision          expected precision on the positive label (NaN when nothing was predicted positive)
 * @param recall             expected recall on the positive label (NaN when no positives are expected)
 * @param accuracy           expected accuracy
 * @param expectedPositives  expected number of truly positive items in the window
 */
public record PerformanceEstimate(int predictions, double precision, double recall, double accuracy,
                                  double expectedPositives) {

    /** The assumption every figure rests on, for wherever the estimate is shown. */
    public static final String LIMITS = "estimated from calibrated scores (CBPE): assumes P(label|image) unchanged, "
            + "so it cannot see concept drift (e.g. a new defect type); compare with reviewed labels";
}
