package dev.loupe.pipeline;

import dev.loupe.train.Trainer;
import dev.loupe.train.baseline.BaselineTrainer;

import java.time.Clock;

/**
 * Which trainer a run uses, by the name in {@code retraining.trainer}. The process that wires the
 * pipeline supplies one, so heavy trainers (the CNN on PyTorch) stay out of this module.
 */
@FunctionalInterface
public interface Trainers {

    /** @throws IllegalArgumentException when this build has no trainer of that name */
    Trainer trainer(String name);

    /** The trainers without heavy dependencies: {@code baseline}. */
    static Trainers builtIn(Clock clock) {
        return name -> switch (name) {
            case "baseline" -> new BaselineTrainer(clock);
            default -> throw new IllegalArgumentException("the " + name + " trainer is not available to the pipeline in this build");
        };
    }
}
