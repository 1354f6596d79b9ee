package dev.loupe.core.monitoring;

/** A logged prediction with the feedback label given for it. */
public record LabelledPrediction(LoggedPrediction prediction, Feedback feedback) {

    /** Whether the model's label differs from the feedback's. */
    public boolean wrong() {
        return !prediction.label().equals(feedback.label());
    }
}
