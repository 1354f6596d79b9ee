package dev.loupe.pipeline;

import dev.loupe.core.pipeline.ActiveRunException;
import dev.loupe.core.pipeline.PipelineRun;
import dev.loupe.core.pipeline.PipelineState;
import dev.loupe.core.pipeline.PipelineStep;
import dev.loupe.core.project.ProjectFile;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
        TestLine.Home home = new TestLine.Home(dir);
        if (metadata == null) {
            TestLine.prepare(home, sections, 60, 90);
        }
        MetadataStore m = home.openMetadata(clock);
        BlobStore blobs = home.openBlobs();
        InProcessRollout rollout = new InProcessRollout(blobs, LiveImages.cycle(TestLine.live(60, 3)), 0);
        open.add(m);
        open.add(blobs);
        open.add(rollout);
        metadata = m;
        return new Pipelines(new PipelineContext(m, blobs, ProjectFile.load(home.project()), Trainers.builtIn(clock),
                rollout, clock, owner, Duration.ofMinutes(1), Duration.ofMillis(10)));
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
        metadata.rollouts().save(new dev.loupe.core.rollout.RolloutPlan(TestLine.MODEL,
                dev.loupe.core.rollout.RolloutPlan.Mode.CANARY, "1", 0.2, "pipeline", Clock.systemUTC().instant()), "canary");
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(5));

        pipelines(TestLine.FAST, later, "cli").abort(run.id(), "bob");

        assertThat(metadata.rollouts().plan(TestLine.MODEL).orElseThrow().mode())
                .isEqualTo(dev.loupe.core.rollout.RolloutPlan.Mode.NONE);
    }

    @Test
    void start_withoutChampion_isRefused() throws Exception {
        Pipelines pipelines = pipelines(TestLine.FAST, Clock.systemUTC(), "test");
        metadata.registry().deleteAlias("ana", TestLine.MODEL, "champion");
        assertThatThrownBy(() -> pipelines.runOnce(TestLine.MODEL, "", "ana"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no champion");
    }
}
