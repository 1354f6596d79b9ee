package dev.loupe.data.labels;

/**
 * A chance-corrected agreement coefficient (Cohen's κ, Fleiss' κ, Krippendorff's α), all of the form
 * {@code (observed - expected) / (1 - expected)} with observed and expected agreement in [0, 1].
 * Either measured, or undefined with the reason: a coefficient is never silently 0 or 1 when the table
 * cannot support it.
 */
public sealed interface Agreement {

    /** Items that entered the computation. */
    int items();

    /** The coefficient, {@link Double#NaN} when undefined. */
    double value();

    boolean defined();

    /** A coefficient computed from {@code items} items. */
    record Measured(double value, double observed, double expected, int items) implements Agreement {
        @Override
        public boolean defined() {
            return true;
        }
    }

    /** No coefficient: the table does not define one. {@link #value()} is NaN. */
    record Undefined(Reason reason, int items) implements Agreement {
        @Override
        public double value() {
            return Double.NaN;
        }

        @Override
        public boolean defined() {
            return false;
        }
    }

    /** Why a coefficient is undefined. */
    enum Reason {
        /** No item has labels from the annotators compared (at least two for Fleiss and Krippendorff). */
        NO_OVERLAP("no item labelled by both"),
        /**
         * Every label is the same single label: observed and expected agreement are both 1, so the
         * coefficient is 0/0. The annotators agree, but the table cannot show it is better than chance.
         */
        SINGLE_LABEL("every label is the same single label: observed = expected agreement = 1, kappa is 0/0");

        public final String text;

        Reason(String text) {
            this.text = text;
        }
    }

    /** Builds the result from observed and expected agreement; expected = 1 means a single label. */
    static Agreement of(double observed, double expected, int items) {
        if (items == 0) {
            return new Undefined(Reason.NO_OVERLAP, 0);
        }
        if (expected >= 1 - 1e-12) {
            return new Undefined(Reason.SINGLE_LABEL, items);
        }
        return new Measured((observed - expected) / (1 - expected), observed, expected, items);
    }
}
