package dev.loupe.train;

import java.util.Map;
import java.util.function.Consumer;

/**
 * Where a trainer reports while it works: human-readable lines and metrics per step (an epoch, a
 * fitting phase), which experiment tracking records. Called from the training thread.
 */
public interface Progress {

    /** Does nothing. */
    Progress NONE = new Progress() {
        @Override
        public void message(String line) {
        }

        @Override
        public void step(long step, Map<String, Double> metrics) {
        }
    };

    /** Passes every line to {@code lines} and drops the step metrics: for a display, not for tracking. */
    static Progress messages(Consumer<String> lines) {
        return new Progress() {
            @Override
            public void message(String line) {
                lines.accept(line);
            }

            @Override
            public void step(long step, Map<String, Double> metrics) {
            }
        };
    }

    /** A line for the person watching (an external command's output, a phase). */
    void message(String line);

    /** Metrics measured at a step ({@code epoch} 3: {@code train.loss}, {@code validation.auroc}). */
    void step(long step, Map<String, Double> metrics);
}
