package dev.loupe.core.rollout;

/**
 * What champion and challenger did live since the current roll-out phase started.
 *
 * @param phase      {@code none}, {@code shadow}, {@code canary}, {@code promoted}, {@code rolled-back}
 * @param champion   the champion's figures
 * @param challenger the challenger's figures (in shadow: on the same images as the champion)
 * @param compared   images both models scored (every shadow image)
 * @param disagreed  of those, how many they labelled differently
 */
public record LiveFigures(String phase, Arm champion, Arm challenger, long compared, long disagreed) {

    /**
     * One model's live figures.
     *
     * @param requests         images it scored
     * @param failures         images it failed on (an inference error)
     * @param rejects          images it labelled positive (defect)
     * @param labelled         scored images whose true label is known (reviewed, tested)
     * @param wrong            labelled images it labelled wrongly
     * @param labelledDefects  labelled images that are defects
     * @param missedDefects    of those, how many it passed
     * @param p99LatencyNanos  99th percentile of its time per image, in nanoseconds (0 without requests)
     */
    public record Arm(long requests, long failures, long rejects, long labelled, long wrong, long labelledDefects,
                      long missedDefects, long p99LatencyNanos) {

        public static final Arm EMPTY = new Arm(0, 0, 0, 0, 0, 0, 0, 0);

        /** Wrong labels among labelled images; NaN without labelled images. */
        public double errorRate() {
            return labelled == 0 ? Double.NaN : (double) wrong / labelled;
        }

        /**
         * The mean of the miss rate on labelled defects and the false-reject rate on labelled good parts
         * (1 - balanced accuracy, what the gate compares); NaN unless both kinds are labelled. Unlike
         * {@link #errorRate()} it does not reward passing everything when defects are rare.
         */
        public double balancedErrorRate() {
            long good = labelled - labelledDefects;
            if (labelledDefects == 0 || good <= 0) {
                return Double.NaN;
            }
            long falseRejects = wrong - missedDefects;
            return 0.5 * ((double) missedDefects / labelledDefects + (double) falseRejects / good);
        }

        /** Failed requests among requests; 0 without requests. */
        public double failureRate() {
            return requests == 0 ? 0 : (double) failures / requests;
        }

        /** Recall on labelled defects; NaN without any. */
        public double recall() {
            return labelledDefects == 0 ? Double.NaN : 1 - (double) missedDefects / labelledDefects;
        }
    }

    public static LiveFigures none() {
        return new LiveFigures("none", Arm.EMPTY, Arm.EMPTY, 0, 0);
    }
}
