package dev.loupe.pipeline.step;

/**
 * One step of a continuous-training run. A step may be run again for the same run after a crash, so
 * each is idempotent: it reuses what an earlier attempt left behind (a dataset version with the same
 * content, a registered version tagged with the run's id) instead of making a second one.
 */
public interface Step {

    /** @throws Exception anything unexpected ends the run as failed, with the message */
    StepOutcome run(RunContext rc) throws Exception;
}
