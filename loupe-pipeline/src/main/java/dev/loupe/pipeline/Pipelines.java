package dev.loupe.pipeline;

import dev.loupe.core.pipeline.ActiveRunException;
import dev.loupe.core.pipeline.PipelineRepository;
import dev.loupe.core.pipeline.PipelineRun;
import dev.loupe.core.pipeline.PipelineStep;
import dev.loupe.core.project.RetrainingSection;
import dev.loupe.core.registry.ModelVersion;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Continuous training: starts, executes, resumes and aborts pipeline runs. The entry point for the CLI,
 * a scheduler and a quickstart:
 *
 * <pre>{@code
 * Pipelines pipelines = new Pipelines(new PipelineContext(metadata, blobs, project, Trainers.builtIn(clock),
 *         rollout, clock, PipelineContext.processOwner(), Duration.ofMinutes(1), Duration.ofMillis(50)));
 * PipelineRun done = pipelines.runOnce("defect-cnn", "new lamp on line 2", "ana");
 * }</pre>
 *
 * <p>Runs: assemble → validate → train → evaluate → gate → register → shadow → canary → promote, each
 * persisted ({@link dev.loupe.core.pipeline.PipelineState}). At most one active run per model, across
 * processes. Thread-safe; blocking calls run on the caller's thread.
 */
public final class Pipelines {
    private final PipelineContext ctx;
    private final PipelineRepository repo;

    public Pipelines(PipelineContext ctx) {
        this.ctx = ctx;
        this.repo = ctx.metadata().pipelines();
    }

    /**
     * Starts a run (without executing it).
     *
     * @param trigger {@code manual}, {@code drift}, {@code new-labels} or {@code schedule}
     * @throws ActiveRunException       when the model already has an active run
     * @throws IllegalArgumentException when the model has no champion, or the trigger is unknown or disabled in the
     *                                  project ({@code retraining.triggers})
     */
    public PipelineRun start(String model, String trigger, String reason, String requestedBy) {
        requireEnabled(trigger);
        Optional<ModelVersion> champion = ctx.metadata().registry().versionByAlias(model, "champion");
        if (champion.isEmpty()) {
            throw new IllegalArgumentException("model " + model + " has no champion to retrain (loupe models alias "
                    + model + " champion VERSION)");
        }
        var now = ctx.clock().instant();
        PipelineRun run = repo.create(UUID.randomUUID().toString(), model, trigger, reason == null ? "" : reason,
                requestedBy, ctx.owner(), now, now.plus(ctx.lease()));
        new PipelineAudit(ctx.metadata().audit()).record(run, "pipeline-start", trigger + " by " + requestedBy
                + (run.reason().isBlank() ? "" : ": " + run.reason()) + "; champion " + champion.get().ref());
        return run;
    }

    private void requireEnabled(String trigger) {
        RetrainingSection.Triggers t = ctx.retraining().triggers();
        String field = switch (trigger) {
            case "manual" -> t.manual() ? null : "manual";
            case "drift" -> t.onDriftAlert() ? null : "on_drift_alert";
            case "new-labels" -> t.newLabels().isPresent() ? null : "new_labels";
            case "schedule" -> t.schedule().isPresent() ? null : "schedule";
            default -> throw new IllegalArgumentException("unknown trigger '" + trigger
                    + "' (manual, drift, new-labels or schedule)");
        };
        if (field != null) {
            throw new IllegalArgumentException(trigger + " runs are disabled by retraining.triggers." + field + " in "
                    + ctx.project().source());
        }
    }

    /**
     * Executes a run to its end from its persisted state: a new run from the start, an interrupted one
     * from the step that was interrupted.
     *
     * @throws IllegalStateException when another live process executes it
     */
    public PipelineRun execute(String runId) {
        return new PipelineRunner(ctx).execute(runId);
    }

    /** Starts a manual run and executes it to its end; what {@code loupe pipeline run} and a quickstart call. */
    public PipelineRun runOnce(String model, String reason, String requestedBy) {
        return execute(start(model, "manual", reason, requestedBy).id());
    }

    /**
     * Resumes the model's active run when its owner is gone (its lease ended), e.g. after a crash.
     *
     * @return the run after executing it; empty when there is no active run
     * @throws IllegalStateException when a live process still executes it
     */
    public Optional<PipelineRun> resume(String model) {
        return repo.active(model).map(r -> execute(r.id()));
    }

    /**
     * Stops a run: the process executing it is asked to roll back and end it as aborted; a run nobody
     * executes (its owner crashed) is aborted here and now.
     *
     * @return the run as it is after the request
     */
    public PipelineRun abort(String runId, String who) {
        PipelineRun run = repo.run(runId).orElseThrow(() -> new IllegalArgumentException("no pipeline run " + runId));
        if (run.state().done()) {
            return run;
        }
        repo.requestAbort(runId);
        new PipelineRunner(ctx).abortUnowned(runId, "aborted by " + who);
        return repo.run(runId).orElseThrow();
    }

    public Optional<PipelineRun> run(String runId) {
        return repo.run(runId);
    }

    /** The model's active run, if any. */
    public Optional<PipelineRun> active(String model) {
        return repo.active(model);
    }

    /** Runs of a model (all models when null), newest first. */
    public List<PipelineRun> history(String model, int limit) {
        return repo.history(model, limit);
    }

    public List<PipelineStep> steps(String runId) {
        return repo.steps(runId);
    }
}
