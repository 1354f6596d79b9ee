package dev.loupe.core.pipeline;

import dev.loupe.core.store.MetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@link PipelineRepository} contract, run against every metadata store adapter. */
public abstract class PipelineRepositoryContract {

    private static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");
    private static final Instant LEASE = T0.plusSeconds(60);

    protected MetadataStore store;

    protected abstract MetadataStore newStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private PipelineRun create(String id, String model) {
        return store.pipelines().create(id, model, "manual", "new lamp", "ana", "p1", T0, LEASE);
    }

    @Test
    void create_startsAssemblingOwnedByTheCreator() {
        PipelineRun run = create("r1", "m");
        assertThat(run.state()).isEqualTo(new PipelineState.Assembling());
        assertThat(run.owner()).contains("p1");
        assertThat(run.leaseUntil()).isEqualTo(LEASE);
        assertThat(run.reason()).isEqualTo("new lamp");
        assertThat(store.pipelines().active("m")).map(PipelineRun::id).contains("r1");
    }

    @Test
    void create_secondActiveRunForAModel_isRefusedWithTheActiveOne() {
        create("r1", "m");
        assertThatThrownBy(() -> create("r2", "m")).isInstanceOf(ActiveRunException.class)
                .extracting(e -> ((ActiveRunException) e).activeRunId()).isEqualTo("r1");
        create("r3", "other");
        assertThat(store.pipelines().run("r2")).isEmpty();
    }

    @Test
    void create_concurrentTriggers_oneRunWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String id = "r" + i;
            Callable<Boolean> task = () -> {
                go.await();
                try {
                    create(id, "m");
                    return true;
                } catch (ActiveRunException e) {
                    return false;
                }
            };
            results.add(pool.submit(task));
        }
        go.countDown();
        int won = 0;
        for (Future<Boolean> f : results) {
            won += f.get() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(won).isEqualTo(1);
        assertThat(store.pipelines().history("m", 100)).hasSize(1);
    }

    @Test
    void transition_toDone_releasesTheModel() {
        create("r1", "m");
        assertThat(store.pipelines().transition("r1", "p1", new PipelineState.Assembling(),
                new PipelineState.Failed("no champion"), T0.plusSeconds(1), LEASE)).isTrue();
        PipelineRun done = store.pipelines().run("r1").orElseThrow();
        assertThat(done.state()).isEqualTo(new PipelineState.Failed("no champion"));
        assertThat(done.owner()).isEmpty();
        assertThat(store.pipelines().active("m")).isEmpty();
        create("r2", "m");
    }

    @Test
    void transition_fromTheWrongStateOrByAnotherOwner_doesNothing() {
        create("r1", "m");
        assertThat(store.pipelines().transition("r1", "p2", new PipelineState.Assembling(),
                new PipelineState.Validating(), T0, LEASE)).isFalse();
        assertThat(store.pipelines().transition("r1", "p1", new PipelineState.Training(),
                new PipelineState.Evaluating(), T0, LEASE)).isFalse();
        assertThat(store.pipelines().run("r1").orElseThrow().state()).isEqualTo(new PipelineState.Assembling());
    }

    @Test
    void claim_whileTheLeaseHolds_isRefused_afterItEnds_succeeds() {
        create("r1", "m");
        assertThat(store.pipelines().claim("r1", "p2", T0.plusSeconds(30), T0.plusSeconds(90))).isFalse();
        assertThat(store.pipelines().claim("r1", "p1", T0.plusSeconds(30), T0.plusSeconds(90))).isTrue();
        assertThat(store.pipelines().claim("r1", "p2", T0.plusSeconds(91), T0.plusSeconds(150))).isTrue();
        assertThat(store.pipelines().run("r1").orElseThrow().owner()).contains("p2");
        assertThat(store.pipelines().transition("r1", "p1", new PipelineState.Assembling(),
                new PipelineState.Validating(), T0.plusSeconds(92), LEASE)).isFalse();
    }

    @Test
    void claim_aDoneRun_isRefused() {
        create("r1", "m");
        store.pipelines().transition("r1", "p1", new PipelineState.Assembling(), new PipelineState.Aborted("x"), T0, LEASE);
        assertThat(store.pipelines().claim("r1", "p1", T0, LEASE)).isFalse();
        assertThat(store.pipelines().requestAbort("r1")).isFalse();
    }

    @Test
    void requestAbort_isSeenOnTheRun() {
        create("r1", "m");
        assertThat(store.pipelines().requestAbort("r1")).isTrue();
        assertThat(store.pipelines().run("r1").orElseThrow().abortRequested()).isTrue();
    }

    @Test
    void startStep_again_countsAttemptsAndClearsTheEnd() {
        create("r1", "m");
        PipelineStep first = store.pipelines().startStep("r1", "assembling", T0);
        assertThat(first.attempt()).isEqualTo(1);
        assertThat(first.status()).isEqualTo(PipelineStep.Status.RUNNING);
        store.pipelines().finishStep("r1", "assembling", PipelineStep.Status.DONE, "{\"n\":3}", "3 images", T0.plusSeconds(2));
        store.pipelines().startStep("r1", "validating", T0.plusSeconds(3));
        PipelineStep again = store.pipelines().startStep("r1", "validating", T0.plusSeconds(9));
        assertThat(again.attempt()).isEqualTo(2);
        assertThat(again.startedAt()).isEqualTo(T0.plusSeconds(9));
        assertThat(again.endedAt()).isEmpty();
        PipelineStep done = store.pipelines().step("r1", "assembling").orElseThrow();
        assertThat(done.output()).isEqualTo("{\"n\":3}");
        assertThat(done.message()).isEqualTo("3 images");
        assertThat(done.endedAt()).contains(T0.plusSeconds(2));
        assertThat(store.pipelines().steps("r1")).extracting(PipelineStep::step).containsExactly("assembling", "validating");
    }

    @Test
    void history_isNewestFirst_perModelOrAll() {
        store.pipelines().create("a", "m", "manual", "", "ana", "p", T0, LEASE);
        store.pipelines().transition("a", "p", new PipelineState.Assembling(), new PipelineState.Aborted("x"), T0, LEASE);
        store.pipelines().create("b", "m", "drift", "", "ana", "p", T0.plusSeconds(5), LEASE);
        store.pipelines().create("c", "n", "schedule", "", "ana", "p", T0.plusSeconds(9), LEASE);
        assertThat(store.pipelines().history("m", 10)).extracting(PipelineRun::id).containsExactly("b", "a");
        assertThat(store.pipelines().history(null, 2)).extracting(PipelineRun::id).containsExactly("c", "b");
    }
}
