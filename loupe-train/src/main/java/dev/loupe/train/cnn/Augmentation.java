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
 * @param lampDrop        largest relative drop of the lamp level, in [0, 0.95]: in a share {@link #LAMP_SHARE} of the
 *                        images, every pixel's intensity (before normalisation, so black stays black) times a
 *                        factor drawn from [1 − lampDrop, 1]; the other images keep the line's own lamp level
 */
public record Augmentation(boolean flipHorizontal, boolean flipVertical, double brightness, double contrast,
                           double rotationDegrees, double translation, double blurProbability, double blurSigma,
                           double lampDrop) {

    /**
     * Share of the images whose lamp level {@link #lampDrop} changes. Half: with every image dimmed, the stable
     * line's test AUROC dropped in one seed of four (docs/benchmarks.md, "Lamp-level augmentation").
     */
    public static final double LAMP_SHARE = 0.5;

    /** No augmentation. */
    public static final Augmentation NONE = new Augmentation(false, false, 0, 0, 0, 0, 0, 0, 0);

    /**
     * Flips, ±0.1 brightness, ±10% contrast, half the images lit at 40–100%; no rotation, shift or blur. A production line's images
     * already vary in position, rotation, focus and lamp level (the synthetic line by ±8°, ±5%, up to
     * 0.6 px of blur and ±12% light), and resampling or blurring wipes out the smallest marks, which are
     * what a defect model must see: on the default synthetic set the CNN's test AUROC was 0.83 with
     * ±10°, ±6% shifts and blurs, 0.945 without (docs/benchmarks.md, "Trainers side by side").
     * And a lamp that fades by up to 60%: the line's ±12% does not prepare a model for a dimming lamp; this
     * costs nothing on the stable line while the AUROC on images lit at 40–65% went from 0.94–0.95 to 0.96
     * (docs/benchmarks.md, "Lamp-level augmentation").
     */
    public static final Augmentation DEFAULT = new Augmentation(true, true, 0.1, 0.1, 0, 0, 0, 0, 0.6);

    /** Without a lamp-level change. */
    public Augmentation(boolean flipHorizontal, boolean flipVertical, double brightness, double contrast,
                        double rotationDegrees, double translation, double blurProbability, double blurSigma) {
        this(flipHorizontal, flipVertical, brightness, contrast, rotationDegrees, translation, blurProbability, blurSigma, 0);
    }

    /** This augmentation with the lamp level dropping by up to {@code drop}. */
    public Augmentation withLampDrop(double drop) {
        return new Augmentation(flipHorizontal, flipVertical, brightness, contrast, rotationDegrees, translation,
                blurProbability, blurSigma, drop);
    }

    public Augmentation {
        check("brightness", brightness, 0, Double.MAX_VALUE);
        check("contrast", contrast, 0, 0.99);
        check("rotationDegrees", rotationDegrees, 0, 180);
        check("translation", translation, 0, 0.5);
        check("blurProbability", blurProbability, 0, 1);
        check("blurSigma", blurSigma, 0, 3);
        check("lampDrop", lampDrop, 0, 0.95);
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
