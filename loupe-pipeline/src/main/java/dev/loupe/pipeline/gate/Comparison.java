package dev.loupe.pipeline.gate;

/**
 * Champion and challenger evaluated on the same test images: the champion's original test set, the
 * test share of the new production images (the new conditions; null when there are none), and both.
 */
public record Comparison(Side champion, Side challenger) {

    /** One model's figures on each test set. */
    public record Side(Figures original, Figures newConditions, Figures all) {
    }
}
