package dev.loupe.data.generate;

import java.util.SplittableRandom;

/**
 * How a simulated annotator errs. Each labels from the true factors, then applies its bias, then flips
 * the label at random at its error rate, so label-quality tools have systematic and random errors to find.
 */
public enum AnnotatorProfile {
    /** Careful: 2% random flips, no bias. */
    CAREFUL(0.02),
    /** Misses small pit marks: pits with {@code defect_size < 0.5} are labelled ok; 2% random flips. */
    MISSES_SMALL_PITS(0.02),
    /** Hasty: 5% random flips, and calls a good part with 2 or more dust specks defective 30% of the time. */
    HASTY(0.05);

    /** Pits below this size are the ones {@link #MISSES_SMALL_PITS} does not see. */
    public static final double SMALL_PITS = 0.5;
    /** Dust specks from which {@link #HASTY} may take dust for a defect. */
    public static final int DUSTY = 2;

    private final double flipRate;

    AnnotatorProfile(double flipRate) {
        this.flipRate = flipRate;
    }

    public double flipRate() {
        return flipRate;
    }

    /** The profile of annotator {@code k} (1-based): careful, misses small pits, hasty, then again in turn. */
    public static AnnotatorProfile ofAnnotator(int k) {
        return values()[(k - 1) % values().length];
    }

    /** This annotator's label for a frame; {@code r} is the annotator's own random stream for the frame. */
    Label label(Factors f, SplittableRandom r) {
        double uBias = r.nextDouble();
        double uFlip = r.nextDouble();
        Label seen = f.label();
        if (this == MISSES_SMALL_PITS && f.defectType() == DefectType.PITS && f.defectSize() < SMALL_PITS) {
            seen = Label.OK;
        }
        if (this == HASTY && !f.defective() && f.dust() >= DUSTY && uBias < 0.3) {
            seen = Label.DEFECT;
        }
        if (uFlip < flipRate) {
            seen = seen == Label.OK ? Label.DEFECT : Label.OK;
        }
        return seen;
    }
}
