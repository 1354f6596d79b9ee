package dev.loupe.core.pipeline;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a run as executed: how often it was started (a crash and a resume make two attempts),
 * whether it finished, and what it produced.
 *
 * @param runId     the run
 * @param step      the step's name ({@code training})
 * @param attempt   1 for the first start, 2 after one resume...
 * @param status    {@code RUNNING}, {@code DONE} or {@code FAILED}
 * @param startedAt when the latest attempt started
 * @param endedAt   when it ended, empty while running (or when its process died)
 * @param output    what the step produced, a JSON document; {@code {}} until done
 * @param message   a line for people: what it did, or why it failed
 */
public record PipelineStep(String runId, String step, int attempt, Status status, Instant startedAt,
                           Optional<Instant> endedAt, String output, String message) {
    public PipelineStep {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(output, "output");
        message = message == null ? "" : message;
    }

    /** A step's execution status. */
    public enum Status { RUNNING, DONE, FAILED }
}
