package dev.loupe.pipeline.trigger;

import dev.loupe.core.pipeline.ActiveRunException;
import dev.loupe.core.pipeline.PipelineRun;
import dev.loupe.core.pipeline.PipelineState;
import dev.loupe.core.registry.ModelVersion;
import dev.loupe.core.registry.RegisteredModel;
import dev.loupe.pipeline.PipelineContext;
import dev.loupe.pipeline.Pipelines;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Starts continuous-training runs by themselves: every poll, for each watched model with a champion, asks the
 * {@link TriggerEvaluator} whether the project's automatic triggers call for a run, starts one when they do
 * (recorded with the trigger, its reason and {@value #REQUESTED_BY} as who asked, and audited as
 * {@code pipeline-start}), and hands it to the executor. A model's active run whose executor is gone (its
 * lease ended: a crashed process, a stopped server) is resumed the same way.
 *
 * <p>Started runs are executed one at a time, in order, on one thread, unless the watcher is told that the
 * roll-out its runs use keeps one roll-out per model (a server's does; so does a roll-out made per run): then
 * each run has a thread of its own, so one model's canary waiting for traffic does not hold up another model's
 * retraining. Their heavy steps (assembling to registering: training and evaluation) still take turns, one
 * at a time in the process ({@code PipelineRunner}), so two trainings never split the cores. The store's
 * one-active-run-per-model rule is the guarantee against two runs of one model: a trigger that finds a run
 * active, here or in another process, starts nothing.
 *
 * <p>Starts, resumptions and ends go to an event sink as one line each ({@code covers: started drift run ID
 * (reason)}, {@code covers: run ID ended PROMOTED: ...}); by default the log at WARN, since each may replace a
 * model on the line, which an operator watching a server's log (WARN by default) must see.
 *
 * <p>{@link #check()} is the whole decision, callable from any thread (synchronized) and by tests with a
 * fixed clock; {@link #start(Duration)} calls it on a daemon thread. Owns its threads: {@link #close()}
 * stops polling and interrupts the runs being executed, which stay active and are resumed later from the step
 * they were in, as after a crash. Does not own the stores or the roll-out.
 */
public final class PipelineWatcher implements AutoCloseable {
    /** Who the started runs say asked for them. */
    public static final String REQUESTED_BY = "trigger-watcher";

    private static final Logger LOG = LoggerFactory.getLogger(PipelineWatcher.class);

    /** Executes a started (or orphaned) run to its end. */
    @FunctionalInterface
    public interface RunExecutor {
        PipelineRun execute(PipelineRun run) throws Exception;
    }

    /** What one check did for one model. */
    public enum Action {
        /** Nothing was due. */
        NONE,
        /** A run was started and handed to the executor. */
        STARTED,
        /** The model's run had lost its executor; it was handed to this one. */
        RESUMED
    }

    /**
     * @param model    the registered model
     * @param decision the evaluator's decision
     * @param action   what was done
     * @param run      the run started or resumed
     */
    public record Check(String model, TriggerDecision decision, Action action, Optional<PipelineRun> run) {
    }

    private final PipelineContext ctx;
    private final Pipelines pipelines;
    private final Predicate<String> models;
    private final RunExecutor executor;
    private final TriggerEvaluator evaluator;
    private final StoreSignals signals;
    private final Consumer<String> events;
    private final ExecutorService runs;
    private final Set<String> queued = new HashSet<>();
    private ScheduledExecutorService poller;

    /**
     * @param ctx      the pipeline context: stores, project (its {@code retraining.triggers}), clock, owner
     * @param models   which registered models to watch
     * @param executor runs a started run to its end (e.g. {@code run -> pipelines.execute(run.id())} with the
     *                 server's roll-out); null for the context's own roll-out
     * @param events   receives a line per run started, resumed, ended or stopped; called from the watcher's threads
     * @param parallel whether runs of different models execute at the same time: only when the roll-out they use
     *                 keeps one roll-out per model; else one at a time
     */
    public PipelineWatcher(PipelineContext ctx, Predicate<String> models, RunExecutor executor, Consumer<String> events,
                           boolean parallel) {
        this.ctx = ctx;
        this.events = events;
        this.pipelines = new Pipelines(ctx);
        this.models = models;
        this.executor = executor;
        this.evaluator = new TriggerEvaluator(ctx.retraining().triggers());
        this.signals = new StoreSignals(ctx.metadata(), ctx.retraining().triggers());
        this.runs = parallel ? Executors.newCachedThreadPool(r -> daemon(r, "loupe-pipeline-run"))
                : Executors.newSingleThreadExecutor(r -> daemon(r, "loupe-pipeline-run"));
    }

    /** Executes one run at a time. */
    public PipelineWatcher(PipelineContext ctx, Predicate<String> models, RunExecutor executor, Consumer<String> events) {
        this(ctx, models, executor, events, false);
    }

    /** Events go to the log. */
    public PipelineWatcher(PipelineContext ctx, Predicate<String> models, RunExecutor executor) {
        this(ctx, models, executor, line -> LOG.warn("pipeline: {}", line), false);
    }

    /** Executes runs one at a time with the context's own roll-out; events go to the log. */
    public PipelineWatcher(PipelineContext ctx, Predicate<String> models) {
        this(ctx, models, null);
    }

    /**
     * Executes runs with the context's own roll-out, runs of different models at the same time when
     * {@code parallel} (a server's roll-out, which keeps one per model); events go to the log.
     */
    public PipelineWatcher(PipelineContext ctx, Predicate<String> models, boolean parallel) {
        this(ctx, models, null, line -> LOG.warn("pipeline: {}", line), parallel);
    }

    /**
     * Evaluates every watched model now, starts a run for each one due and resumes each orphaned run; both
     * are handed to the executor (see {@link #awaitIdle}).
     *
     * @return one entry per watched model with a champion, in the registry's order
     */
    public synchronized List<Check> check() {
        List<Check> out = new ArrayList<>();
        for (RegisteredModel m : ctx.metadata().registry().models()) {
            if (!models.test(m.name())) {
                continue;
            }
            Optional<ModelVersion> champion = ctx.metadata().registry().versionByAlias(m.name(), "champion");
            if (champion.isPresent()) {
                out.add(check(m.name(), champion.get()));
            }
        }
        return out;
    }

    private Check check(String model, ModelVersion champion) {
        Instant now = ctx.clock().instant();
        TriggerSignals s = signals.read(model, champion);
        TriggerDecision decision = evaluator.evaluate(s, now);
        if (s.active().isPresent()) {
            PipelineRun run = s.active().get();
            if (queued.contains(run.id()) || run.leaseUntil().isAfter(now)) {
                return new Check(model, decision, Action.NONE, Optional.empty());
            }
            events.accept(model + ": resumed run " + run.id() + " (its executor " + run.owner().orElse("-")
                    + " stopped renewing its lease at " + run.leaseUntil() + ")");
            submit(run);
            return new Check(model, new TriggerDecision.NotDue(decision.reason() + "; its executor stopped: resumed"),
                    Action.RESUMED, Optional.of(run));
        }
        if (!(decision instanceof TriggerDecision.Due due)) {
            return new Check(model, decision, Action.NONE, Optional.empty());
        }
        PipelineRun run;
        try {
            run = pipelines.start(model, due.trigger(), due.reason(), REQUESTED_BY);
        } catch (ActiveRunException e) {
            return new Check(model, new TriggerDecision.NotDue(e.getMessage()), Action.NONE, Optional.empty());
        } catch (IllegalArgumentException e) {
            return new Check(model, new TriggerDecision.NotDue(e.getMessage()), Action.NONE, Optional.empty());
        }
        events.accept(model + ": started " + due.trigger() + " run " + run.id() + " (" + due.reason() + ")");
        submit(run);
        return new Check(model, decision, Action.STARTED, Optional.of(run));
    }

    private void submit(PipelineRun run) {
        queued.add(run.id());
        runs.execute(() -> {
            try {
                PipelineRun done = executor == null ? pipelines.execute(run.id()) : executor.execute(run);
                events.accept(done.model() + ": run " + done.id() + " ended " + done.state().name()
                        + (done.state() instanceof PipelineState.Done d ? ": " + d.reason() : ""));
            } catch (Exception e) {
                events.accept(run.model() + ": run " + run.id() + " stopped: " + e);
            } finally {
                synchronized (this) {
                    queued.remove(run.id());
                    notifyAll();
                }
            }
        });
    }

    /**
     * Checks now and then every {@code interval}, on a daemon thread, until {@link #close()}.
     *
     * @throws IllegalStateException when already started
     */
    public synchronized void start(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the poll interval must be positive, got " + interval);
        }
        if (poller != null) {
            throw new IllegalStateException("already watching");
        }
        poller = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "loupe-pipeline-triggers"));
        poller.scheduleWithFixedDelay(() -> {
            try {
                check();
            } catch (RuntimeException e) {
                LOG.warn("pipeline: checking the retraining triggers failed: {}", e.toString());
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Waits until every run handed to the executor has ended (or stopped).
     *
     * @return false when {@code timeout} passed first
     */
    public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!queued.isEmpty()) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** Stops polling and interrupts the executing runs (they stay active, to be resumed). */
    @Override
    public void close() {
        ScheduledExecutorService p;
        synchronized (this) {
            p = poller;
        }
        if (p != null) {
            p.shutdownNow();
        }
        runs.shutdownNow();
        try {
            if (!runs.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("pipeline: a run did not stop within 30 s of the interrupt; it is resumed later");
            }
            if (p != null) {
                p.awaitTermination(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
