package dev.loupe.pipeline;

import dev.loupe.core.pipeline.ActiveRunException;
import dev.loupe.core.pipeline.PipelineRepository;
import dev.loupe.core.pipeline.PipelineRun;
import dev.loupe.core.pipeline.PipelineState;
import dev.loupe.core.pipeline.PipelineStep;
import dev.loupe.core.project.ProjectFile;
import dev.loupe.core.registry.ModelVersion;
import dev.loupe.core.rollout.Rollout;
import dev.loupe.core.rollout.RolloutPlan;
import dev.loupe.core.rollout.RolloutRepository;
import dev.loupe.core.store.AuditEntry;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.pipeline.rollout.InProcessRollout;
import dev.loupe.pipeline.rollout.LiveImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PipelinesTest {

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private MetadataStore metadata;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private Pipelines pipelines(String sections, Clock clock, String owner) throws Exception {
        return pipelines(sections, clock, owner, inProcess -> inProcess);
    }

    /** @param rollout the roll-out the run uses, made from an in-process one (after {@link #metadata} is set) */
    private Pipelines pipelines(String sections, Clock clock, String owner, UnaryOperator<Rollout> rollout)
            throws Exception {
        return pipelines(sections, clock, owner, rollout, store -> store);
    }

    /** @param store the store the pipelines use, made from the real one ({@link #metadata}, which tests read) */
    private Pipelines pipelines(String sections, Clock clock, String owner, UnaryOperator<Rollout> rollout,
                                UnaryOperator<MetadataStore> store) throws Exception {
        TestLine.Home home = new TestLine.Home(dir);
        if (metadata == null) {
            TestLine.prepare(home, sections, 60, 90);
        }
        MetadataStore m = home.openMetadata(clock);
        BlobStore blobs = home.openBlobs();
        InProcessRollout inProcess = new InProcessRollout(blobs, LiveImages.cycle(TestLine.live(60, 3)), 0);
        open.add(m);
        open.add(blobs);
        open.add(inProcess);
        metadata = m;
        return new Pipelines(new PipelineContext(store.apply(m), blobs, ProjectFile.load(home.project()), Trainers.builtIn(clock),
                rollout.apply(inProcess), clock, owner, Duration.ofMinutes(1), Duration.ofMillis(10)));
    }

    /** The model's stored roll-out plans, in order: {@code describe: reason}. */
    private List<String> plans() {
        return metadata.registry().history(TestLine.MODEL).stream().filter(e -> e.change().action().equals("set-rollout"))
                .map(e -> e.change().after() + ": " + e.change().reason()).toList();
    }

    /**
     * A server executes a run to its canary, stores the canary's plan (every server on the database follows it)
     * and stops: the run is interrupted mid-canary and stays active, its lease running out.
     */
    private PipelineRun serverDiesInCanary() throws Exception {
        CountDownLatch canaryStored = new CountDownLatch(1);
        Pipelines server = pipelines(TestLine.FAST, Clock.systemUTC(), "server-1", inProcess ->
                StoredPlanRollout.dyingInCanary(inProcess, metadata.rollouts(), Clock.systemUTC(), canaryStored));
        PipelineRun run = server.start(TestLine.MODEL, "drift", "lamp dimmed", "trigger-watcher");
        ExecutorService executor = Executors.newSingleThreadExecutor();
        Future<?> executing = executor.submit(() -> server.execute(run.id()));
        assertThat(canaryStored.await(5, TimeUnit.MINUTES)).isTrue();
        executing.cancel(true);
        executor.shutdown();
        assertThat(executor.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        assertThat(metadata.pipelines().run(run.id()).orElseThrow().state()).isEqualTo(new PipelineState.Canary());
        assertThat(metadata.rollouts().plan(TestLine.MODEL).orElseThrow().describe()).isEqualTo("canary 2 0.5");
        return run;
    }

    private List<String> actions() {
        return metadata.registry().history(TestLine.MODEL).stream().map(e -> e.change().action()).toList();
    }

    @Test
    void runOnce_dimmedLine_promotesTheRetrainedModel() throws Exception {
        Pipelines pipelines = pipelines(TestLine.FAST, Clock.systemUTC(), "test");
        PipelineRun run = pipelines.runOnce(TestLine.MODEL, "lamp dimmed", "ana");

        assertThat(run.state()).isEqualTo(new PipelineState.Promoted("covers/2 is the champion (was covers/1)"));
        assertThat(pipelines.steps(run.id())).extracting(PipelineStep::step).containsExactly("assembling", "validating",
                "training", "evaluating", "gating", "registering", "shadow", "canary", "promoting");
        assertThat(metadata.registry().versionByAlias(TestLine.MODEL, "champion").orElseThrow().version()).isEqualTo(2);
        assertThat(metadata.registry().versionByAlias(TestLine.MODEL, "challenger")).isEmpty();
        // the new champion is monitored: its reference (training statistics, validation scores with labels) is saved
        var reference = metadata.monitoring().reference(TestLine.MODEL, "2").orElseThrow();
        assertThat(reference.dataset()).isEqualTo(metadata.datasets().list("covers").getFirst().toString()); // the assembled one
        assertThat(reference.size()).isPositive();
        AuditEntry promotion = metadata.registry().history(TestLine.MODEL).stream()
                .filter(e -> "champion=2".equals(e.change().after())).findFirst().orElseThrow();
        assertThat(promotion.change().actor()).isEqualTo("pipeline");
        assertThat(promotion.change().reason()).contains(run.id()).contains("manual by ana: lamp dimmed").contains("canary:");
        // the new dataset version descends from the champion's
        var assembled = metadata.datasets().list("covers");
        assertThat(assembled).hasSize(2);
        assertThat(assembled.getFirst().parent()).contains(assembled.get(1).toString());
        assertThat(assembled.getFirst().source()).isEqualTo("pipeline:" + run.id());
    }

    @Test
    void runOnce_crippledTrainer_stopsAtTheGate_championUntouched() throws Exception {
        // a real but weak setting: the baseline's threshold chosen for 5% recall misses most defects
        String weak = TestLine.FAST.replace("params: {target_recall: 1.0}", "params: {target_recall: 0.05}");
        Pipelines pipelines = pipelines(weak, Clock.systemUTC(), "test");
        PipelineRun run = pipelines.runOnce(TestLine.MODEL, "lamp dimmed", "ana");

        assertThat(run.state()).isInstanceOf(PipelineState.GateFailed.class);
        String reason = ((PipelineState.GateFailed) run.state()).reason();
        assertThat(reason).contains("recall on the original test set").contains("target recall");
        assertThat(pipelines.steps(run.id())).extracting(PipelineStep::step)
                .containsExactly("assembling", "validating", "training", "evaluating", "gating");
        assertThat(pipelines.steps(run.id()).getLast().status()).isEqualTo(PipelineStep.Status.FAILED);
        assertThat(metadata.registry().versions(TestLine.MODEL)).hasSize(1);
        assertThat(metadata.registry().versionByAlias(TestLine.MODEL, "champion").orElseThrow().version()).isEqualTo(1);
        assertThat(metadata.registry().versionByAlias(TestLine.MODEL, "challenger")).isEmpty();
        assertThat(actions()).containsExactly("create-model", "create-version", "set-alias", "pipeline-start",
                "pipeline-gate-failed");
        assertThat(metadata.registry().history(TestLine.MODEL).getLast().change().reason()).isEqualTo(reason);
        assertThat(pipelines.active(TestLine.MODEL)).isEmpty();
    }

    @Test
    void start_twoConcurrentTriggers_oneRun() throws Exception {
        Pipelines pipelines = pipelines(TestLine.FAST, Clock.systemUTC(), "test");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (String trigger : List.of("drift", "new-labels")) {
            results.add(pool.submit(() -> {
                go.await();
                try {
                    return pipelines.start(TestLine.MODEL, trigger, "alarm", "monitor").id();
                } catch (ActiveRunException e) {
                    return "refused:" + e.activeRunId();
                }
            }));
        }
        go.countDown();
        List<String> outcomes = new ArrayList<>();
        for (Future<String> f : results) {
            outcomes.add(f.get());
        }
        pool.shutdown();
        String winner = outcomes.stream().filter(o -> !o.startsWith("refused:")).findFirst().orElseThrow();
        assertThat(outcomes).containsExactlyInAnyOrder(winner, "refused:" + winner);
        assertThat(pipelines.history(TestLine.MODEL, 10)).hasSize(1);
        assertThat(actions()).filteredOn("pipeline-start"::equals).hasSize(1);
    }

    @Test
    void execute_whileAnotherLiveOwnerHoldsTheRun_isRefused() throws Exception {
        Pipelines first = pipelines(TestLine.FAST, Clock.systemUTC(), "first");
        PipelineRun run = first.start(TestLine.MODEL, "manual", "", "ana");
        Pipelines second = pipelines(TestLine.FAST, Clock.systemUTC(), "second");
        assertThatThrownBy(() -> second.execute(run.id())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("first");
    }

    @Test
    void resume_stepInterruptedMaxAttemptsTimes_abortsCleanly() throws Exception {
        Pipelines crashed = pipelines(TestLine.FAST, Clock.systemUTC(), "crashed");
        PipelineRun run = crashed.start(TestLine.MODEL, "manual", "", "ana");
        metadata.pipelines().startStep(run.id(), "assembling", Clock.systemUTC().instant()); // attempt 1 died
        metadata.pipelines().startStep(run.id(), "assembling", Clock.systemUTC().instant()); // attempt 2 died
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(5));

        PipelineRun done = pipelines(TestLine.FAST, later, "restarted").resume(TestLine.MODEL).orElseThrow();

        assertThat(done.state()).isEqualTo(new PipelineState.Aborted(
                "step assembling was interrupted 2 times (retraining.max_attempts is 2)"));
        assertThat(actions()).endsWith("pipeline-start", "pipeline-takeover", "pipeline-aborted");
        assertThat(metadata.registry().versionByAlias(TestLine.MODEL, "champion").orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void abort_runWithoutLiveOwner_endsItNow() throws Exception {
        Pipelines crashed = pipelines(TestLine.FAST, Clock.systemUTC(), "crashed");
        PipelineRun run = crashed.start(TestLine.MODEL, "manual", "", "ana");
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(5));

        PipelineRun aborted = pipelines(TestLine.FAST, later, "cli").abort(run.id(), "bob");

        assertThat(aborted.state()).isEqualTo(new PipelineState.Aborted("aborted by bob"));
        assertThat(metadata.pipelines().active(TestLine.MODEL)).isEmpty();
    }

    @Test
    void abort_runWhoseServerDiedInCanary_endsTheStoredCanary() throws Exception {
        Pipelines crashed = pipelines(TestLine.FAST, Clock.systemUTC(), "crashed");
        PipelineRun run = crashed.start(TestLine.MODEL, "manual", "", "ana");
        // the server executing it stored a canary of version 1 (every server on the database follows it), then died
        metadata.rollouts().save(new RolloutPlan(TestLine.MODEL, RolloutPlan.Mode.CANARY, "1", 0.2, "pipeline",
                Clock.systemUTC().instant()), "canary");
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(5));

        pipelines(TestLine.FAST, later, "cli").abort(run.id(), "bob");

        assertThat(metadata.rollouts().plan(TestLine.MODEL).orElseThrow().mode()).isEqualTo(RolloutPlan.Mode.NONE);
    }

    @Test
    void abort_storedCanaryCannotBeEnded_leavesTheRunActiveForTheNextAbort() throws Exception {
        Pipelines crashed = pipelines(TestLine.FAST, Clock.systemUTC(), "crashed");
        PipelineRun run = crashed.start(TestLine.MODEL, "manual", "", "ana");
        metadata.rollouts().save(new RolloutPlan(TestLine.MODEL, RolloutPlan.Mode.CANARY, "1", 0.2, "pipeline",
                Clock.systemUTC().instant()), "canary");
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(5));
        AtomicBoolean locked = new AtomicBoolean(true);
        Pipelines cli = pipelines(TestLine.FAST, later, "cli", inProcess -> inProcess, store -> storeWith(store,
                store.pipelines(), Intercepted.port(RolloutRepository.class, store.rollouts(), (method, args, real) -> {
                    if (method.getName().equals("replace") && locked.getAndSet(false)) {
                        throw new IllegalStateException("database is locked");
                    }
                    return real.call();
                })));

        assertThatThrownBy(() -> cli.abort(run.id(), "bob")).hasMessageContaining("database is locked");

        // not an ended run whose canary goes on: still active, so an abort (or a resume) ends both
        assertThat(metadata.pipelines().active(TestLine.MODEL).map(PipelineRun::id)).contains(run.id());
        assertThat(cli.abort(run.id(), "bob").state()).isEqualTo(new PipelineState.Aborted("aborted by bob"));
        assertThat(metadata.rollouts().plan(TestLine.MODEL).orElseThrow().mode()).isEqualTo(RolloutPlan.Mode.NONE);
    }

    @Test
    void abort_personSavesAPlanBetweenTheRunsReadAndItsEnd_thePersonsPlanStays() throws Exception {
        Pipelines crashed = pipelines(TestLine.FAST, Clock.systemUTC(), "crashed");
        PipelineRun run = crashed.start(TestLine.MODEL, "manual", "", "ana");
        Instant now = Clock.systemUTC().instant().truncatedTo(ChronoUnit.MILLIS);
        metadata.rollouts().save(new RolloutPlan(TestLine.MODEL, RolloutPlan.Mode.CANARY, "1", 0.2, "pipeline", now), "canary");
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(5));
        RolloutPlan person = new RolloutPlan(TestLine.MODEL, RolloutPlan.Mode.CANARY, "1", 0.5, "ana", now);
        AtomicBoolean first = new AtomicBoolean(true);
        // ana runs loupe models rollout just after the abort read the run's canary
        Pipelines cli = pipelines(TestLine.FAST, later, "cli", inProcess -> inProcess, store -> storeWith(store,
                store.pipelines(), Intercepted.port(RolloutRepository.class, store.rollouts(), (method, args, real) -> {
                    Object result = real.call();
                    if (method.getName().equals("stored") && first.getAndSet(false)) {
                        store.rollouts().save(person, "more traffic");
                    }
                    return result;
                })));

        assertThat(cli.abort(run.id(), "bob").state()).isEqualTo(new PipelineState.Aborted("aborted by bob"));

        assertThat(first.get()).isFalse();
        assertThat(metadata.rollouts().plan(TestLine.MODEL)).hasValue(person);
        assertThat(plans()).containsExactly("canary 1 0.2: canary", "canary 1 0.5: more traffic");
    }

    @Test
    void abort_nextRunStoresItsCanaryAsSoonAsThisOneEnds_thatCanaryIsLeftAlone() throws Exception {
        Pipelines crashed = pipelines(TestLine.FAST, Clock.systemUTC(), "crashed");
        PipelineRun run = crashed.start(TestLine.MODEL, "manual", "", "ana");
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(5));
        Instant now = later.instant();
        // another server starts the model's next run the moment this one ends, and gets to its canary first
        Pipelines cli = pipelines(TestLine.FAST, later, "cli", inProcess -> inProcess, store -> storeWith(store,
                Intercepted.port(PipelineRepository.class, store.pipelines(), (method, args, real) -> {
                    Object result = real.call();
                    if (method.getName().equals("transition") && args[0].equals(run.id()) && (boolean) result) {
                        store.pipelines().create("next", TestLine.MODEL, "drift", "", "watcher", "server-2", now,
                                now.plusSeconds(60));
                        store.rollouts().save(new RolloutPlan(TestLine.MODEL, RolloutPlan.Mode.CANARY, "2", 0.5,
                                "pipeline", now), "pipeline canary");
                    }
                    return result;
                }), store.rollouts()));

        cli.abort(run.id(), "bob");

        assertThat(metadata.pipelines().run(run.id()).orElseThrow().state()).isEqualTo(new PipelineState.Aborted("aborted by bob"));
        assertThat(metadata.rollouts().plan(TestLine.MODEL).orElseThrow().describe()).isEqualTo("canary 2 0.5");
    }

    /** The store with its pipeline runs and roll-out plans replaced. */
    private static MetadataStore storeWith(MetadataStore store, PipelineRepository pipelines, RolloutRepository rollouts) {
        return Intercepted.port(MetadataStore.class, store, (method, args, real) -> switch (method.getName()) {
            case "pipelines" -> pipelines;
            case "rollouts" -> rollouts;
            default -> real.call();
        });
    }

    @Test
    void resume_runWhoseServerDiedInCanary_endsThatCanaryBeforeRunningItsOwn() throws Exception {
        PipelineRun run = serverDiesInCanary();
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(5));

        // loupe pipeline resume: an in-process roll-out, which the servers do not follow
        PipelineRun done = pipelines(TestLine.FAST, later, "cli").resume(TestLine.MODEL).orElseThrow();

        assertThat(done.id()).isEqualTo(run.id());
        assertThat(done.state()).isInstanceOf(PipelineState.Done.class);
        assertThat(metadata.pipelines().step(run.id(), "canary").orElseThrow().attempt()).isEqualTo(2);
        assertThat(metadata.rollouts().plan(TestLine.MODEL).orElseThrow().mode()).isEqualTo(RolloutPlan.Mode.NONE);
        assertThat(plans()).hasSize(3);
        assertThat(plans().getLast()).startsWith("none: pipeline run " + run.id() + " taken over by cli at CANARY");
    }

    @Test
    void resume_byAServer_runWhoseServerDiedInCanary_storesItsOwnCanaryThenEndsIt() throws Exception {
        PipelineRun run = serverDiesInCanary();
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(5));

        // another server's watcher takes the run over: its roll-out stores its plans too
        PipelineRun done = pipelines(TestLine.FAST, later, "server-2",
                inProcess -> new StoredPlanRollout(inProcess, metadata.rollouts(), later)).resume(TestLine.MODEL).orElseThrow();

        assertThat(done.state()).isInstanceOf(PipelineState.Done.class);
        assertThat(metadata.rollouts().plan(TestLine.MODEL).orElseThrow().mode()).isEqualTo(RolloutPlan.Mode.NONE);
        List<String> plans = plans();
        assertThat(plans).hasSize(5);
        assertThat(plans.get(1)).startsWith("canary 2 0.5: pipeline canary"); // the dead server's
        assertThat(plans.get(2)).startsWith("none: pipeline run " + run.id() + " taken over by server-2");
        assertThat(plans.get(3)).startsWith("canary 2 0.5: pipeline canary"); // the new owner's, judged by it
        assertThat(plans.get(4)).matches("none: (promoted|rolled-back)");
    }

    @Test
    void resume_canaryInterruptedMaxAttemptsTimes_abortsAndEndsTheStoredCanary() throws Exception {
        Pipelines crashed = pipelines(TestLine.FAST, Clock.systemUTC(), "server-1");
        PipelineRun run = crashed.start(TestLine.MODEL, "manual", "", "ana");
        var now = Clock.systemUTC().instant();
        PipelineState.Active state = new PipelineState.Assembling();
        while (!(state instanceof PipelineState.Canary)) {
            PipelineState.Active next = PipelineState.next(state);
            assertThat(metadata.pipelines().transition(run.id(), "server-1", state, next, now, now.plusSeconds(60))).isTrue();
            state = next;
        }
        // the server stored the canary, then died in it twice
        metadata.rollouts().save(new RolloutPlan(TestLine.MODEL, RolloutPlan.Mode.CANARY, "1", 0.2, "pipeline", now), "canary");
        metadata.pipelines().startStep(run.id(), "canary", now);
        metadata.pipelines().startStep(run.id(), "canary", now);
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(5));

        PipelineRun done = pipelines(TestLine.FAST, later, "cli").resume(TestLine.MODEL).orElseThrow();

        assertThat(done.state()).isEqualTo(new PipelineState.Aborted(
                "step canary was interrupted 2 times (retraining.max_attempts is 2)"));
        assertThat(metadata.rollouts().plan(TestLine.MODEL).orElseThrow().mode()).isEqualTo(RolloutPlan.Mode.NONE);
    }

    @Test
    void resume_inPromoting_leavesAnotherModelsShadowInTheSameRollout() throws Exception {
        // the run's executor loses its database as the run moves from its passed canary to promoting
        Pipelines lost = pipelines(TestLine.FAST, Clock.systemUTC(), "server-1", inProcess -> inProcess, store -> storeWith(store,
                Intercepted.port(PipelineRepository.class, store.pipelines(), (method, args, real) -> {
                    if (method.getName().equals("transition") && args[3] instanceof PipelineState.Promoting) {
                        throw new IllegalStateException("database gone");
                    }
                    return real.call();
                }), store.rollouts()));
        PipelineRun run = lost.start(TestLine.MODEL, "manual", "", "ana");
        assertThatThrownBy(() -> lost.execute(run.id())).hasMessage("database gone");
        assertThat(metadata.pipelines().step(run.id(), "canary").orElseThrow().status()).isEqualTo(PipelineStep.Status.DONE);
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(5));
        // in the process that resumes it, a run of another model left its shadow under way
        ModelVersion first = metadata.registry().version(TestLine.MODEL, 1).orElseThrow();
        AtomicReference<Rollout> shared = new AtomicReference<>();
        Pipelines resuming = pipelines(TestLine.FAST, later, "server-2", inProcess -> {
            inProcess.startShadow(renamed(first, "plates"), renamed(first, "plates"));
            shared.set(inProcess);
            return inProcess;
        });

        PipelineRun done = resuming.resume(TestLine.MODEL).orElseThrow();

        assertThat(done.state()).isInstanceOf(PipelineState.Promoted.class);
        assertThat(shared.get().liveFigures("plates").phase()).isEqualTo("shadow");
    }

    /** The version as if registered under another model's name. */
    private static ModelVersion renamed(ModelVersion v, String name) {
        return new ModelVersion(name, v.version(), v.source(), v.runId(), v.status(), v.description(), v.tags(), v.aliases(),
                v.creationTime(), v.lastUpdatedTime(), v.userId());
    }

    @Test
    void runOnce_withAStoredPlanRollout_leavesNoLivePlan() throws Exception {
        Pipelines pipelines = pipelines(TestLine.FAST, Clock.systemUTC(), "server-1",
                inProcess -> new StoredPlanRollout(inProcess, metadata.rollouts(), Clock.systemUTC()));

        pipelines.runOnce(TestLine.MODEL, "lamp dimmed", "ana");

        assertThat(metadata.rollouts().plan(TestLine.MODEL).orElseThrow().mode()).isEqualTo(RolloutPlan.Mode.NONE);
        assertThat(plans()).noneMatch(p -> p.contains("taken over"));
    }

    @Test
    void start_withoutChampion_isRefused() throws Exception {
        Pipelines pipelines = pipelines(TestLine.FAST, Clock.systemUTC(), "test");
        metadata.registry().deleteAlias("ana", TestLine.MODEL, "champion");
        assertThatThrownBy(() -> pipelines.runOnce(TestLine.MODEL, "", "ana"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no champion");
    }
}
