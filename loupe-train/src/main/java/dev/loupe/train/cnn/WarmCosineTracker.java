package dev.loupe.train.cnn;

import ai.djl.training.tracker.Tracker;

/**
 * A learning rate that warms up linearly, then follows a half cosine down to a small floor over a known
 * number of optimiser steps (Loshchilov and Hutter, "SGDR", 2017, without restarts; the warm-up as in
 * Goyal et al., 2017). Stateless: the rate is a function of the step number alone.
 */
final class WarmCosineTracker implements Tracker {

    /** Share of the steps spent warming up. */
    static final double WARM_UP = 0.1;
    /** The rate at the start of the warm-up and at the end, as a share of the peak. */
    static final double FLOOR = 0.02;

    private final double peak;
    private final int steps;
    private final int warmUp;

    /**
     * @param peak  the rate reached after the warm-up
     * @param steps the total number of optimiser steps; later steps keep the floor
     */
    WarmCosineTracker(double peak, int steps) {
        if (!(peak > 0) || steps < 1) {
            throw new IllegalArgumentException("peak " + peak + " and steps " + steps + " must be positive");
        }
        this.peak = peak;
        this.steps = steps;
        this.warmUp = Math.max(1, (int) Math.round(WARM_UP * steps));
    }

    /** @param step the optimiser step, from 1 (DJL counts updates from 1) */
    @Override
    public float getNewValue(int step) {
        int t = Math.max(0, step - 1);
        if (t < warmUp) {
            return (float) (peak * (FLOOR + (1 - FLOOR) * t / warmUp));
        }
        double progress = Math.min(1, (t - warmUp) / (double) Math.max(1, steps - warmUp));
        return (float) (peak * (FLOOR + (1 - FLOOR) * 0.5 * (1 + Math.cos(Math.PI * progress))));
    }
}
