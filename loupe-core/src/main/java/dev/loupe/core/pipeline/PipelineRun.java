package dev.loupe.core.pipeline;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One continuous-training run of a registered model.
 *
 * @param id             the run's id (a UUID), the key its steps are idempotent on
 * @param model          the registered model being retrained
 * @param trigger        what started it: {@code manual}, {@code drift}, {@code new-labels}, {@code schedule}
 * @param reason         why, in words (the trigger's detail or what the person typed)
 * @param requestedBy    who started it (a user name, {@code scheduler})
 * @param state          where it is
 * @param createdAt      when it was started
 * @param updatedAt      when its state last changed
 * @param owner          the process executing it; empty once done
 * @param leaseUntil     the owner's claim holds until then; a run whose lease expired can be resumed by another
 * @param abortRequested a person asked to stop it; the owner rolls back and ends it as aborted
 */
public record PipelineRun(String id, String model, String trigger, String reason, String requestedBy,
                          PipelineState state, Instant createdAt, Instant updatedAt, Optional<String> owner,
                          Instant leaseUntil, boolean abortRequested) {
    public PipelineRun {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(owner, "owner");
    }

    /** Whether an owner other than {@code me} still holds the run at {@code now}. */
    public boolean heldByAnother(String me, Instant now) {
        return owner.isPresent() && !owner.get().equals(me) && leaseUntil.isAfter(now);
    }
}
