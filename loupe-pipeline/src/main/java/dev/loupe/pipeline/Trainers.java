package dev.loupe.pipeline;

import dev.loupe.train.Trainer;
import dev.loupe.train.baseline.BaselineTrainer;
import dev.loupe.train.cnn.CnnModelTrainer;

import java.time.Clock;

/**
 * Which trainer a run uses, by the name in {@code retraining.trainer}. The process that wires the
 * pipeline supplies one; {@link #builtIn} knows Loupe's own.
 */
@FunctionalInterface
public interface Trainers {

    /** @throws IllegalArgumentException when this build has no trainer of that name */
    Trainer trainer(String name);

    /** Loupe's own trainers: {@code baseline} and {@code cnn}. */
    static Trainers builtIn(Clock clock) {
        return name -> switch (name) {
            case "baseline" -> new BaselineTrainer(clock);
            case "cnn" -> new CnnModelTrainer(clock);
            default -> throw new IllegalArgumentException("the " + name + " trainer is not available to the pipeline in this build");
        };
    }
}
