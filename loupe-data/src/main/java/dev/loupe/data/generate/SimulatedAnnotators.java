package dev.loupe.data.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * A panel of {@code k} simulated annotators labelling generated frames; annotator {@code j} (1-based)
 * has {@link AnnotatorProfile#ofAnnotator(int) profile} {@code j}. Labels depend only on (seed, frame,
 * annotator): deterministic, any order. Thread-safe.
 */
public final class SimulatedAnnotators {
    /** Most annotators the generator simulates. */
    public static final int MAX = 9;

    private final long seed;
    private final int count;

    public SimulatedAnnotators(long seed, int count) {
        if (count < 0 || count > MAX) {
            throw new IllegalArgumentException("annotators must be 0.." + MAX + ", got " + count);
        }
        this.seed = seed;
        this.count = count;
    }

    public int count() {
        return count;
    }

    /** The labels of annotators 1..k for a frame, in order. */
    public List<Label> label(Factors f) {
        List<Label> labels = new ArrayList<>(count);
        for (int k = 1; k <= count; k++) {
            labels.add(AnnotatorProfile.ofAnnotator(k).label(f, Seeds.random(seed, f.frame(), Seeds.ANNOTATOR + k)));
        }
        return labels;
    }
}
