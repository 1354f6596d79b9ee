package dev.loupe.data.labels;

/**
 * A consensus label per item with its confidence, and what the consensus learned about each annotator:
 * the class priors and each annotator's confusion matrix {@code P(annotator says l | true label k)}.
 * Produced by {@link DawidSkene#fit(LabelTable)}. Immutable; the arrays handed out are copies.
 */
public final class Consensus {

    private final LabelTable table;
    private final double[][] posteriors;
    private final double[] priors;
    private final double[][][] confusion;
    private final int iterations;
    private final boolean converged;

    Consensus(LabelTable table, double[][] posteriors, double[] priors, double[][][] confusion,
              int iterations, boolean converged) {
        this.table = table;
        this.posteriors = posteriors;
        this.priors = priors;
        this.confusion = confusion;
        this.iterations = iterations;
        this.converged = converged;
    }

    public LabelTable table() {
        return table;
    }

    /** The consensus label's code: the most probable label (lowest code on a tie). */
    public int label(int item) {
        return argmax(posteriors[item]);
    }

    public String labelName(int item) {
        return table.labels().get(label(item));
    }

    /** The posterior probability of the consensus label, in [0, 1]. */
    public double confidence(int item) {
        return posteriors[item][label(item)];
    }

    /** The posterior over labels for one item. */
    public double[] posterior(int item) {
        return posteriors[item].clone();
    }

    public double[] priors() {
        return priors.clone();
    }

    /** The estimated {@code P(annotator gives label l | true label k)} as [k][l]. */
    public double[][] confusion(int annotator) {
        double[][] c = new double[confusion[annotator].length][];
        for (int k = 0; k < c.length; k++) {
            c[k] = confusion[annotator][k].clone();
        }
        return c;
    }

    /** The annotator's estimated accuracy: sum_k prior_k P(says k | true k). */
    public double estimatedAccuracy(int annotator) {
        double acc = 0;
        for (int k = 0; k < priors.length; k++) {
            acc += priors[k] * confusion[annotator][k][k];
        }
        return acc;
    }

    /**
     * The posterior of an item computed without one annotator's label: the consensus of the others, used
     * to score an annotator against a reference it did not vote in. All zeros when no other annotator
     * labelled the item.
     */
    public double[] posteriorWithout(int item, int annotator) {
        int k = priors.length;
        double[] log = new double[k];
        boolean any = false;
        for (int c = 0; c < k; c++) {
            log[c] = Math.log(priors[c]);
        }
        for (int a = 0; a < table.annotatorCount(); a++) {
            int l = table.code(item, a);
            if (a == annotator || l == LabelTable.MISSING) {
                continue;
            }
            any = true;
            for (int c = 0; c < k; c++) {
                log[c] += Math.log(confusion[a][c][l]);
            }
        }
        return any ? DawidSkene.normalise(log) : new double[k];
    }

    public int iterations() {
        return iterations;
    }

    public boolean converged() {
        return converged;
    }

    static int argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }
}
