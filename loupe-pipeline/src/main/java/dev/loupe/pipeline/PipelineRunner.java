package dev.loupe.pipeline;

import dev.loupe.core.pipeline.PipelineRepository;
import dev.loupe.core.pipeline.PipelineRun;
import dev.loupe.core.pipeline.PipelineState;
import dev.loupe.core.pipeline.PipelineStep;
import dev.loupe.core.rollout.RolloutPlan;
import dev.loupe.core.rollout.RolloutRepository;
import dev.loupe.pipeline.step.AssembleStep;
import dev.loupe.pipeline.step.CanaryStep;
import dev.loupe.pipeline.step.EvaluateStep;
import dev.loupe.pipeline.step.GateStep;
import dev.loupe.pipeline.step.Outputs;
import dev.loupe.pipeline.step.PromoteStep;
import dev.loupe.pipeline.step.RegisterStep;
import dev.loupe.pipeline.step.RunContext;
import dev.loupe.pipeline.step.ShadowStep;
import dev.loupe.pipeline.step.Step;
import dev.loupe.pipeline.step.StepOutcome;
import dev.loupe.pipeline.step.TrainStep;
import dev.loupe.pipeline.step.ValidateStep;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Executes a run's steps from wherever its persisted state says it is, to a done state.
 *
 * <p>How a step runs: the step's row is started (attempt n), the step runs, its output is written and
 * the run moves to the next state with a compare-and-set on state and owner. After a crash the run is
 * found in the state of the step that was running; the row says {@code RUNNING}, so the step was
 * interrupted: it is re-run (attempt n + 1, audited as {@code pipeline-resume}) until
 * {@code retraining.max_attempts}, then the run is aborted and any roll-out rolled back. A step whose
 * row says {@code DONE} finished before the crash and is not run again. While executing, a daemon thread
 * renews the lease every third of it, so a live owner is never taken over.
 *
 * <p>The run owns the roll-out plan the pipeline stored for its model (actor {@code pipeline}). Taking a
 * run over ends the dead executor's plan, since its live figures died with it, and shadow and canary start
 * again in this executor's roll-out; only in {@code PROMOTING}, where the challenger has passed its canary,
 * is the plan left until the promotion. A run that ends, however it ends, leaves no live pipeline plan.
 */
final class PipelineRunner {
    /** Who a server's roll-out records as having set a pipeline's plan (loupe-server's {@code ServerRollout}). */
    private static final String PIPELINE_ACTOR = "pipeline";
    private static final Map<String, Step> STEPS = Map.of(
            "assembling", new AssembleStep(), "validating", new ValidateStep(), "training", new TrainStep(),
            "evaluating", new EvaluateStep(), "gating", new GateStep(), "registering", new RegisterStep(),
            "shadow", new ShadowStep(), "canary", new CanaryStep(), "promoting", new PromoteStep());

    /**
     * The steps that train or read whole datasets. Runs of different models may execute at once (a server's
     * pipeline watcher), but these take turns in a process ({@link Turns}): two trainings side by side would each
     * take twice as long and hold twice the memory, while a shadow or canary waiting on traffic costs nothing.
     */
    static final Set<String> HEAVY_STEPS = Set.of("assembling", "validating", "training", "evaluating", "registering");

    private final PipelineContext ctx;
    private final PipelineRepository repo;
    private final PipelineAudit audit;
    private final Turns turns;

    PipelineRunner(PipelineContext ctx) {
        this.ctx = ctx;
        this.turns = Turns.of(ctx.owner());
        this.repo = ctx.metadata().pipelines();
        this.audit = new PipelineAudit(ctx.metadata().audit());
    }

    /**
     * Runs the run to its end.
     *
     * @throws IllegalStateException when another live process owns the run, or this one lost it
     */
    PipelineRun execute(String runId) {
        PipelineRun run = repo.run(runId).orElseThrow(() -> new IllegalArgumentException("no pipeline run " + runId));
        if (run.state().done()) {
            return run;
        }
        if (!repo.claim(runId, ctx.owner(), now(), leaseEnd())) {
            throw new IllegalStateException("pipeline run " + runId + " is being executed by " + run.owner().orElse("?")
                    + " (lease until " + run.leaseUntil() + ")");
        }
        if (run.owner().isPresent() && !run.owner().get().equals(ctx.owner())) {
            audit.record(run, "pipeline-takeover", "its executor " + run.owner().get() + " stopped renewing its lease (until "
                    + run.leaseUntil() + "); continuing at " + run.state().name());
            if (!(run.state() instanceof PipelineState.Promoting)) {
                endStoredRollout(run, "pipeline run " + run.id() + " taken over by " + ctx.owner() + " at "
                        + run.state().name() + ": its executor " + run.owner().get()
                        + " died; shadow and canary start again in the new executor's roll-out");
            }
        }
        ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "loupe-pipeline-lease");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, ctx.lease().toMillis() / 3);
        heartbeat.scheduleAtFixedRate(() -> repo.claim(runId, ctx.owner(), now(), leaseEnd()), every, every, TimeUnit.MILLISECONDS);
        try {
            while (true) {
                run = repo.run(runId).orElseThrow();
                if (run.state() instanceof PipelineState.Done) {
                    return run;
                }
                if (!run.owner().map(ctx.owner()::equals).orElse(false)) {
                    throw new IllegalStateException("pipeline run " + runId + " was taken over by " + run.owner().orElse("nobody"));
                }
                advance(run, (PipelineState.Active) run.state());
            }
        } finally {
            heartbeat.shutdownNow();
        }
    }

    private void advance(PipelineRun run, PipelineState.Active state) {
        if (run.abortRequested()) {
            ctx.rollout().rollback(run.model());
            finish(run, state, new PipelineState.Aborted("abort requested"));
            return;
        }
        String name = state.step();
        var prior = repo.step(run.id(), name);
        if (prior.isPresent() && prior.get().status() == PipelineStep.Status.DONE) {
            move(run, state, next(state, prior.get()));
            return;
        }
        if (prior.isPresent() && prior.get().status() == PipelineStep.Status.RUNNING) {
            int attempts = prior.get().attempt();
            if (attempts >= ctx.retraining().maxAttempts()) {
                ctx.rollout().rollback(run.model());
                repo.finishStep(run.id(), name, PipelineStep.Status.FAILED, "{}", "interrupted " + attempts + " times", now());
                finish(run, state, new PipelineState.Aborted("step " + name + " was interrupted " + attempts
                        + " times (retraining.max_attempts is " + ctx.retraining().maxAttempts() + ")"));
                return;
            }
            audit.record(run, "pipeline-resume", "step " + name + " was interrupted (attempt " + attempts
                    + "); running it again");
            if (state instanceof PipelineState.Shadow || state instanceof PipelineState.Canary) {
                audit.record(run, "pipeline-rollback", "the interrupted " + name
                        + " is rolled back: every request goes to the champion until it starts again");
            }
        }
        boolean heavy = HEAVY_STEPS.contains(name);
        if (heavy && !takeTurn(run, name)) {
            return; // abort requested while waiting: the next advance ends the run
        }
        try {
            runStep(run, state, name);
        } finally {
            if (heavy) {
                turns.release();
            }
        }
    }

    /** Runs the step of the run's state and moves the run on. */
    private void runStep(PipelineRun run, PipelineState.Active state, String name) {
        PipelineStep started = repo.startStep(run.id(), name, now());
        RunContext rc = new RunContext(run, ctx, started.attempt(),
                () -> repo.run(run.id()).map(PipelineRun::abortRequested).orElse(false));
        StepOutcome outcome;
        try {
            outcome = STEPS.get(name).run(rc);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + name, e);
        } catch (Exception e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            repo.finishStep(run.id(), name, PipelineStep.Status.FAILED, "{}", why, now());
            if (state instanceof PipelineState.Shadow || state instanceof PipelineState.Canary
                    || state instanceof PipelineState.Promoting) {
                ctx.rollout().rollback(run.model());
            }
            finish(run, state, new PipelineState.Failed(name + " failed: " + why));
            return;
        }
        boolean ends = outcome instanceof StepOutcome.Finish;
        repo.finishStep(run.id(), name, ends && !(((StepOutcome.Finish) outcome).state() instanceof PipelineState.Promoted)
                ? PipelineStep.Status.FAILED : PipelineStep.Status.DONE, Outputs.write(outcome.output()), outcome.message(), now());
        if (outcome instanceof StepOutcome.Finish f) {
            finish(run, state, f.state());
        } else {
            move(run, state, PipelineState.next(state));
        }
    }

    /**
     * Waits for this process's turn at a heavy step; false when an abort is requested meanwhile. The step's row
     * is not started before its turn, so a crash while waiting costs no attempt.
     */
    private boolean takeTurn(PipelineRun run, String step) {
        try {
            return turns.take(ctx.poll(), () -> repo.run(run.id()).map(PipelineRun::abortRequested).orElse(false));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for another run's turn before " + step, e);
        }
    }

    /**
     * Ends a run that no live process executes as aborted: rolls back any roll-out and removes the
     * challenger alias.
     *
     * @return false when another live process owns the run (it was asked to stop instead)
     */
    boolean abortUnowned(String runId, String reason) {
        if (!repo.claim(runId, ctx.owner(), now(), leaseEnd())) {
            return false;
        }
        PipelineRun run = repo.run(runId).orElseThrow();
        if (run.state() instanceof PipelineState.Active) {
            ctx.rollout().rollback(run.model());
            finish(run, run.state(), new PipelineState.Aborted(reason));
        }
        return true;
    }

    /**
     * Ends the shadow or canary the pipeline stored for the model (a server's roll-out: every server on the
     * database follows it) when this process's roll-out is not the one that stored it: its executor died, so
     * this process's own rollback or promotion does not reach it, and the challenger would keep answering a
     * share of live traffic. A plan a person set (another actor) is theirs and left alone, also when they save
     * it between this read and the write: the write is a compare-and-set on the read plan's version. When it
     * fails the plan is read again, since the write in between may have been another pipeline plan.
     */
    private void endStoredRollout(PipelineRun run, String reason) {
        RolloutRepository plans = ctx.metadata().rollouts();
        while (true) {
            Optional<RolloutRepository.Stored> live = plans.stored(run.model())
                    .filter(s -> s.plan().mode() != RolloutPlan.Mode.NONE && s.plan().actor().equals(PIPELINE_ACTOR));
            if (live.isEmpty()
                    || plans.replace(RolloutPlan.none(run.model(), PIPELINE_ACTOR, now()), live.get().version(), reason).isPresent()) {
                return;
            }
        }
    }

    /** The state after a step that finished before a crash. */
    private PipelineState next(PipelineState.Active state, PipelineStep step) {
        if (state instanceof PipelineState.Promoting) {
            return new PipelineState.Promoted(step.message());
        }
        return PipelineState.next(state);
    }

    private void move(PipelineRun run, PipelineState from, PipelineState to) {
        if (to instanceof PipelineState.Done d) {
            finish(run, from, d);
            return;
        }
        if (!repo.transition(run.id(), ctx.owner(), from, to, now(), leaseEnd())) {
            throw new IllegalStateException("pipeline run " + run.id() + " could not move from " + from.name()
                    + " to " + to.name() + ": it changed owner or state");
        }
    }

    /*
     * The stored plan ends before the run does, while the run is still active and this process's (the claim
     * renews the lease, and fails if another process took the run over). Then the one active run of the model
     * is this one, so a pipeline plan of the model is this run's; once the run has ended, another run may
     * start and store its own. And a failed write or a crash between the two leaves an active run, which
     * the next abort or resume ends with its plan, not an ended run whose challenger keeps a share of live
     * traffic that no run judges.
     */
    private void finish(PipelineRun run, PipelineState from, PipelineState.Done done) {
        if (!repo.claim(run.id(), ctx.owner(), now(), leaseEnd())) {
            throw new IllegalStateException("pipeline run " + run.id() + " could not end as " + done.name()
                    + ": another process took it over, or it ended");
        }
        endStoredRollout(run, "pipeline run " + run.id() + " ended: " + done.name()
                + (done instanceof PipelineState.Promoted ? " (the challenger is the champion)" : ""));
        if (!repo.transition(run.id(), ctx.owner(), from, done, now(), leaseEnd())) {
            throw new IllegalStateException("pipeline run " + run.id() + " could not end as " + done.name()
                    + ": it changed owner or state");
        }
        if (done instanceof PipelineState.RolledBack || done instanceof PipelineState.Aborted) {
            removeChallengerAlias(run);
        }
        audit.record(run, "pipeline-" + done.name().toLowerCase(Locale.ROOT).replace('_', '-'), done.reason());
    }

    /** A challenger that will not be promoted keeps its version but loses the alias. */
    private void removeChallengerAlias(PipelineRun run) {
        repo.step(run.id(), "registering").filter(s -> s.status() == PipelineStep.Status.DONE).ifPresent(s -> {
            int version = Outputs.read(s.output(), RegisterStep.Registered.class).version();
            var registry = ctx.metadata().registry();
            if (registry.versionByAlias(run.model(), RunContext.CHALLENGER).map(v -> v.version() == version).orElse(false)) {
                registry.deleteAlias(RunContext.ACTOR, run.model(), RunContext.CHALLENGER);
            }
        });
    }

    private Instant now() {
        return ctx.clock().instant();
    }

    private Instant leaseEnd() {
        return now().plus(ctx.lease());
    }
}
