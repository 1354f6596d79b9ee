package dev.loupe.train.cnn;

/**
 * How much the training images are perturbed, to make the model indifferent to a production line's
 * nuisance factors (lamp brightness, camera focus, part position). Each training image gets its own
 * random draw within these bounds, every epoch; validation images are never augmented.
 *
 * <p>Intensities are in the units of the normalised tensor (a brightness of 0.2 adds up to ±0.2 to
 * every pixel); geometric transforms resample bilinearly with the border pixels repeated.
 *
 * @param flipHorizontal  mirror left-right with probability 1/2
 * @param flipVertical    mirror top-bottom with probability 1/2
 * @param brightness      largest shift added to all pixels, ≥ 0
 * @param contrast        largest relative change of contrast around the image mean, in [0, 1)
 * @param rotationDegrees largest rotation either way, in [0, 180]
 * @param translation     largest shift either way, as a fraction of the image side, in [0, 0.5]
 * @param blurProbability probability of a Gaussian blur, in [0, 1]
 * @param blurSigma       largest blur sigma in pixels (each blur draws one in (0, blurSigma]), in [0, 3]
 */
public record Augmentation(boolean flipHorizontal, boolean flipVertical, double brightness, double contrast,
                           double rotationDegrees, double translation, double blurProbability, double blurSigma) {

    /** No augmentation. */
    public static final Augmentation NONE = new Augmentation(false, false, 0, 0, 0, 0, 0, 0);

    /**
     * Flips, ±0.1 brightness, ±10% contrast; no rotation, shift or blur. A production line's images
     * already vary in position, rotation, focus and lamp level (the synthetic line by ±8°, ±5%, up to
     * 0.6 px of blur and ±12% light), and resampling or blurring wipes out the smallest marks, which are
     * what a defect model must see: on the default synthetic set the CNN's test AUROC was 0.83 with
     * ±10°, ±6% shifts and blurs, 0.945 without (docs/benchmarks.md, "Trainers side by side").
     */
    public static final Augmentation DEFAULT = new Augmentation(true, true, 0.1, 0.1, 0, 0, 0, 0);

    public Augmentation {
        check("brightness", brightness, 0, Double.MAX_VALUE);
        check("contrast", contrast, 0, 0.99);
        check("rotationDegrees", rotationDegrees, 0, 180);
        check("translation", translation, 0, 0.5);
        check("blurProbability", blurProbability, 0, 1);
        check("blurSigma", blurSigma, 0, 3);
    }

    /** Whether any transform moves pixels (flip, rotation, translation). */
    boolean geometric() {
        return flipHorizontal || flipVertical || rotationDegrees > 0 || translation > 0;
    }

    /** Whether any transform resamples pixels between grid positions (rotation, translation, blur). */
    boolean resamples() {
        return rotationDegrees > 0 || translation > 0 || (blurProbability > 0 && blurSigma > 0);
    }

    private static void check(String name, double v, double min, double max) {
        if (!(v >= min && v <= max)) {
            throw new IllegalArgumentException("augmentation " + name + " must be in [" + min + ", " + max + "], got " + v);
        }
    }
}
