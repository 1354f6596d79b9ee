package dev.loupe.core.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Continuous-training runs and their steps in the metadata store: the pipeline's persisted state
 * machine.
 *
 * <p>At most one run per model is active (not done), enforced by the database: {@link #create} for a
 * model with an active run throws {@link ActiveRunException}, whichever process asks. A run is executed
 * by one owner at a time, who holds a lease; state changes are compare-and-set on the state and the
 * owner, so a process that lost its lease cannot move the run. Adapters are thread-safe.
 */
public interface PipelineRepository {

    /**
     * Starts a run in {@link PipelineState.Assembling}, owned by {@code owner} until {@code leaseUntil}.
     *
     * @throws ActiveRunException when the model already has an active run
     */
    PipelineRun create(String id, String model, String trigger, String reason, String requestedBy, String owner,
                       Instant now, Instant leaseUntil);

    Optional<PipelineRun> run(String id);

    /** The model's active run, if any. */
    Optional<PipelineRun> active(String model);

    /** Runs of a model (every model when {@code model} is null), newest first, at most {@code limit}. */
    List<PipelineRun> history(String model, int limit);

    /**
     * Makes {@code owner} the run's owner until {@code leaseUntil}, when the run is active and either
     * unowned, already owned by {@code owner}, or its lease ended before {@code now}.
     *
     * @return whether {@code owner} holds the run now
     */
    boolean claim(String runId, String owner, Instant now, Instant leaseUntil);

    /**
     * Moves the run from {@code from} to {@code to} if it is in {@code from} and owned by {@code owner}.
     * Moving to a done state releases the model (another run may start) and the ownership.
     *
     * @return whether the move happened
     */
    boolean transition(String runId, String owner, PipelineState from, PipelineState to, Instant now, Instant leaseUntil);

    /** Asks the run's owner to stop; returns false when the run is not active. */
    boolean requestAbort(String runId);

    /**
     * Records the start of a step's attempt: the first start inserts it with attempt 1, a later one
     * (after a crash) increments the attempt and clears its end.
     *
     * @return the step as recorded
     */
    PipelineStep startStep(String runId, String step, Instant now);

    /** Records that the step's latest attempt finished: status, output (JSON) and a message. */
    void finishStep(String runId, String step, PipelineStep.Status status, String output, String message, Instant now);

    Optional<PipelineStep> step(String runId, String step);

    /** Every step of a run, in the order they were first started. */
    List<PipelineStep> steps(String runId);
}
