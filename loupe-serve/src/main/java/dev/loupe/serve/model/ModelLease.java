package dev.loupe.serve.model;

import java.util.Optional;

/**
 * A model held for one request: it stays open until {@link #close()}, even if it is replaced meanwhile.
 *
 * @param model   the model that answers
 * @param arm     which arm of a roll-out it is
 * @param shadow  in shadow mode, the challenger to score a copy of the request off the request path;
 *                whoever takes it closes it (separately from this lease)
 * @param release called once by {@link #close()}
 */
public record ModelLease(ServedModel model, Arm arm, Optional<ModelLease> shadow, Runnable release) implements AutoCloseable {

    /** Which model of a roll-out answered. */
    public enum Arm {
        CHAMPION, CHALLENGER, SHADOW;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A lease on a model that is never replaced. */
    public static ModelLease fixed(ServedModel model) {
        return new ModelLease(model, Arm.CHAMPION, Optional.empty(), () -> {
        });
    }

    @Override
    public void close() {
        release.run();
    }
}
