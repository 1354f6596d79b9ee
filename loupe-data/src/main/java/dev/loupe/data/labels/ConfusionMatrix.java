package dev.loupe.data.labels;

import java.util.List;

/**
 * Counts of (reference label, given label) pairs: rows are the reference (the consensus), columns what an
 * annotator gave. Immutable.
 */
public record ConfusionMatrix(List<String> labels, int[][] counts) {

    public ConfusionMatrix {
        labels = List.copyOf(labels);
        int[][] copy = new int[counts.length][];
        for (int r = 0; r < counts.length; r++) {
            copy[r] = counts[r].clone();
        }
        counts = copy;
    }

    public static ConfusionMatrix empty(List<String> labels) {
        return new ConfusionMatrix(labels, new int[labels.size()][labels.size()]);
    }

    public int count(int reference, int given) {
        return counts[reference][given];
    }

    public int rowTotal(int reference) {
        int s = 0;
        for (int c : counts[reference]) {
            s += c;
        }
        return s;
    }

    public int total() {
        int s = 0;
        for (int r = 0; r < counts.length; r++) {
            s += rowTotal(r);
        }
        return s;
    }

    public int agreements() {
        int s = 0;
        for (int r = 0; r < counts.length; r++) {
            s += counts[r][r];
        }
        return s;
    }

    /** The counts, copied. */
    @Override
    public int[][] counts() {
        int[][] copy = new int[counts.length][];
        for (int r = 0; r < counts.length; r++) {
            copy[r] = counts[r].clone();
        }
        return copy;
    }
}
