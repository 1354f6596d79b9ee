package dev.loupe.data.labels;

/**
 * The plain majority label of each item: the most frequent label, a tie going to the label first in
 * {@link LabelTable#labels()} order. The baseline {@link DawidSkene} is measured against, and shown in the
 * report as the number of items where the two disagree.
 */
public final class MajorityVote {
    private MajorityVote() {
    }

    /** The majority label code per item. */
    public static int[] of(LabelTable table) {
        int[] labels = new int[table.itemCount()];
        for (int i = 0; i < labels.length; i++) {
            int[] votes = table.votes(i);
            int best = 0;
            for (int c = 1; c < votes.length; c++) {
                if (votes[c] > votes[best]) {
                    best = c;
                }
            }
            labels[i] = best;
        }
        return labels;
    }
}
