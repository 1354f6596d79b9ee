package dev.loupe.pipeline.trigger;

import dev.loupe.core.monitoring.AlertState;
import dev.loupe.core.pipeline.PipelineRun;
import dev.loupe.core.pipeline.PipelineState;
import dev.loupe.core.project.ProjectFile;
import dev.loupe.core.registry.ModelVersion;
import dev.loupe.core.store.AuditEntry;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.core.testing.TestClock;
import dev.loupe.pipeline.PipelineContext;
import dev.loupe.pipeline.Pipelines;
import dev.loupe.pipeline.TestLine;
import dev.loupe.pipeline.Trainers;
import dev.loupe.pipeline.rollout.InProcessRollout;
import dev.loupe.pipeline.rollout.LiveImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The watcher on real components: a SQLite home with a trained champion and 90 reviewed production images
 * ({@link TestLine}), alert states in the monitoring repository, a clock the test moves.
 */
class PipelineWatcherTest {
    private static final String DRIFT_ALERT = TestLine.MODEL + "/1: drift(brightness)"; // the champion, version 1

    /** One prepared home (champion trained, production logged), copied for each test: preparing takes seconds. */
    @TempDir
    static Path prepared;
    private static ModelVersion preparedChampion;

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private MetadataStore metadata;
    private PipelineContext ctx;
    private ModelVersion champion;

    @BeforeAll
    static void prepare() throws Exception {
        preparedChampion = TestLine.prepare(new TestLine.Home(prepared), TestLine.FAST, 60, 90);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    /** The home with {@code triggers} (a YAML flow map) in its project's retraining section. */
    private PipelineContext home(String triggers, Clock clock) throws Exception {
        TestLine.Home home = new TestLine.Home(dir);
        copy(prepared, dir);
        String sections = TestLine.FAST.replace("retraining:\n", "retraining:\n  triggers: " + triggers + "\n");
        Files.writeString(home.project(), TestLine.projectYaml(sections));
        champion = preparedChampion;
        metadata = home.openMetadata(clock);
        BlobStore blobs = home.openBlobs();
        InProcessRollout rollout = new InProcessRollout(blobs, LiveImages.cycle(TestLine.live(60, 3)), 0);
        open.add(metadata);
        open.add(blobs);
        open.add(rollout);
        ctx = new PipelineContext(metadata, blobs, ProjectFile.load(home.project()), Trainers.builtIn(clock), rollout,
                clock, "watcher-test", Duration.ofMinutes(1), Duration.ofMillis(10));
        return ctx;
    }

    /** A watcher whose executor ends each started run as aborted at once: these tests are about starting. */
    private PipelineWatcher abortingWatcher() {
        Pipelines pipelines = new Pipelines(ctx);
        PipelineWatcher w = new PipelineWatcher(ctx, m -> true, run -> pipelines.abort(run.id(), "test"));
        open.add(w);
        return w;
    }

    private void fire(String rule, Instant since) {
        metadata.monitoring().saveAlertState(new AlertState(rule, AlertState.Status.FIRING, since, 1, rule + ": firing"));
    }

    private List<PipelineRun> history() {
        return metadata.pipelines().history(TestLine.MODEL, 10);
    }

    @Test
    void check_firingDriftAlert_startsARunRecordedAsDrift() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2025-04-01T10:00:00Z"));
        home("{on_drift_alert: true, new_labels: null}", clock);
        fire(DRIFT_ALERT, Instant.parse("2025-04-01T09:59:00Z"));
        PipelineWatcher watcher = abortingWatcher();

        List<PipelineWatcher.Check> checks = watcher.check();

        assertThat(checks).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo(PipelineWatcher.Action.STARTED);
            assertThat(c.decision()).isEqualTo(new TriggerDecision.Due("drift",
                    "drift alert drift(brightness) firing since 2025-04-01T09:59:00Z"));
        });
        PipelineRun run = history().getFirst();
        assertThat(run.trigger()).isEqualTo("drift");
        assertThat(run.reason()).isEqualTo("drift alert drift(brightness) firing since 2025-04-01T09:59:00Z");
        assertThat(run.requestedBy()).isEqualTo(PipelineWatcher.REQUESTED_BY);
        AuditEntry start = metadata.registry().history(TestLine.MODEL).stream()
                .filter(e -> e.change().action().equals("pipeline-start")).findFirst().orElseThrow();
        assertThat(start.change().reason()).startsWith("drift by trigger-watcher: drift alert drift(brightness)");
    }

    @Test
    void check_alertStillFiringAfterTheRunItStarted_startsNoSecond() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2025-04-01T10:00:00Z"));
        home("{on_drift_alert: true, new_labels: null}", clock);
        fire(DRIFT_ALERT, Instant.parse("2025-04-01T09:59:00Z"));
        PipelineWatcher watcher = abortingWatcher();
        watcher.check();
        assertThat(watcher.awaitIdle(Duration.ofSeconds(30))).isTrue();
        clock.advance(Duration.ofHours(1));

        assertThat(watcher.check()).singleElement().extracting(PipelineWatcher.Check::action)
                .isEqualTo(PipelineWatcher.Action.NONE);
        fire(DRIFT_ALERT, clock.instant()); // resolved and fired again: new evidence
        assertThat(watcher.check()).singleElement().extracting(PipelineWatcher.Check::action)
                .isEqualTo(PipelineWatcher.Action.STARTED);
        assertThat(history()).extracting(PipelineRun::trigger).containsExactly("drift", "drift");
    }

    @Test
    void check_enoughNewLabels_startsOneThenCountsFromItsStart() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2025-04-01T10:00:00Z"));
        home("{on_drift_alert: false, new_labels: 90}", clock);
        PipelineWatcher watcher = abortingWatcher();

        assertThat(watcher.check()).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo(PipelineWatcher.Action.STARTED);
            assertThat(c.decision()).isEqualTo(new TriggerDecision.Due("new-labels", "90 new labels >= 90"));
        });
        assertThat(watcher.awaitIdle(Duration.ofSeconds(30))).isTrue();
        clock.advance(Duration.ofMinutes(1));
        assertThat(watcher.check()).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo(PipelineWatcher.Action.NONE);
            assertThat(c.decision().reason()).startsWith("0 new labels < 90 since the last run");
        });
        assertThat(history()).extracting(PipelineRun::trigger).containsExactly("new-labels");
    }

    @Test
    void check_fewerLabelsThanTheThreshold_startsNothing() throws Exception {
        home("{on_drift_alert: false, new_labels: 91}", new TestClock(Instant.parse("2025-04-01T10:00:00Z")));

        assertThat(abortingWatcher().check()).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo(PipelineWatcher.Action.NONE);
            assertThat(c.decision().reason()).isEqualTo("90 new labels < 91 (no run yet)");
        });
        assertThat(history()).isEmpty();
    }

    @Test
    void check_schedule_startsWhenDueAndNotBefore() throws Exception {
        TestClock clock = new TestClock(Instant.EPOCH);
        home("{on_drift_alert: false, new_labels: null, schedule: 1d}", clock);
        Instant due = champion.creationTime().plus(Duration.ofDays(1));
        clock.set(due.minusSeconds(1));
        PipelineWatcher watcher = abortingWatcher();

        assertThat(watcher.check()).singleElement().extracting(PipelineWatcher.Check::action)
                .isEqualTo(PipelineWatcher.Action.NONE);
        clock.set(due);
        assertThat(watcher.check()).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo(PipelineWatcher.Action.STARTED);
            assertThat(c.decision()).isEqualTo(new TriggerDecision.Due("schedule", "schedule 1d: due since " + due));
        });
        assertThat(watcher.awaitIdle(Duration.ofSeconds(30))).isTrue();
        // the next one counts from this run's start
        clock.set(due.plus(Duration.ofDays(1)).minusSeconds(1));
        assertThat(watcher.check()).singleElement().extracting(PipelineWatcher.Check::action)
                .isEqualTo(PipelineWatcher.Action.NONE);
        clock.set(due.plus(Duration.ofDays(1)));
        assertThat(watcher.check()).singleElement().extracting(PipelineWatcher.Check::action)
                .isEqualTo(PipelineWatcher.Action.STARTED);
        assertThat(history()).extracting(PipelineRun::trigger).containsExactly("schedule", "schedule");
    }

    @Test
    void check_disabledTriggers_neverStartARun() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2025-04-01T10:00:00Z"));
        home("{on_drift_alert: false, new_labels: null}", clock);
        fire(DRIFT_ALERT, clock.instant());   // a firing alert and 90 new labels, but neither trigger is on
        PipelineWatcher watcher = abortingWatcher();

        for (int i = 0; i < 3; i++) {
            assertThat(watcher.check()).singleElement().satisfies(c -> {
                assertThat(c.action()).isEqualTo(PipelineWatcher.Action.NONE);
                assertThat(c.decision().reason()).isEqualTo("no automatic trigger is enabled (retraining.triggers)");
            });
            clock.advance(Duration.ofDays(30));
        }
        assertThat(history()).isEmpty();
        assertThatThrownBy(() -> new Pipelines(ctx).start(TestLine.MODEL, "drift", "alarm", "monitor"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retraining.triggers.on_drift_alert");
    }

    @Test
    void check_secondDueTriggerWhileARunIsActive_startsNoOther() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2025-04-01T10:00:00Z"));
        home("{on_drift_alert: true, new_labels: 90}", clock);
        List<String> executed = new ArrayList<>();
        PipelineWatcher watcher = new PipelineWatcher(ctx, m -> true, run -> {
            synchronized (executed) {
                executed.add(run.id());   // leaves the run active, as if it were still training
            }
            return run;
        });
        open.add(watcher);

        PipelineWatcher.Check first = watcher.check().getFirst();
        assertThat(watcher.awaitIdle(Duration.ofSeconds(30))).isTrue();
        fire(DRIFT_ALERT, clock.instant().plusSeconds(1));
        clock.advance(Duration.ofSeconds(30));
        PipelineWatcher.Check second = watcher.check().getFirst();

        assertThat(first.action()).isEqualTo(PipelineWatcher.Action.STARTED);
        assertThat(first.decision()).isEqualTo(new TriggerDecision.Due("new-labels", "90 new labels >= 90"));
        assertThat(second.action()).isEqualTo(PipelineWatcher.Action.NONE);
        assertThat(second.decision().reason()).startsWith("run " + first.run().orElseThrow().id() + " is active");
        assertThat(history()).hasSize(1);
        // and from another process's point of view (a second watcher on the same store): still one run
        PipelineWatcher other = abortingWatcher();
        assertThat(other.check().getFirst().action()).isEqualTo(PipelineWatcher.Action.NONE);
        assertThat(history()).hasSize(1);
    }

    @Test
    void check_parallel_twoModelsRunsExecuteAtTheSameTime() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2025-04-01T10:00:00Z"));
        home("{on_drift_alert: true, new_labels: null}", clock);
        ModelVersion plates = metadata.registry().register("ana", "plates", champion.source(), null, "a second line", Map.of());
        metadata.registry().setAlias("ana", "plates", "champion", plates.version(), "first model");
        fire(DRIFT_ALERT, Instant.parse("2025-04-01T09:59:00Z"));
        fire("plates/" + plates.version() + ": drift(brightness)", Instant.parse("2025-04-01T09:59:00Z"));
        Pipelines pipelines = new Pipelines(ctx);
        CountDownLatch bothExecuting = new CountDownLatch(2);
        List<Boolean> sawTheOther = new ArrayList<>();
        // each run waits for the other model's to be executing too: one at a time, the first would wait in vain
        PipelineWatcher watcher = new PipelineWatcher(ctx, m -> true, run -> {
            bothExecuting.countDown();
            boolean both = bothExecuting.await(30, TimeUnit.SECONDS);
            synchronized (sawTheOther) {
                sawTheOther.add(both);
            }
            return pipelines.abort(run.id(), "test");
        }, line -> { }, true);
        open.add(watcher);

        assertThat(watcher.check()).extracting(PipelineWatcher.Check::action)
                .containsExactly(PipelineWatcher.Action.STARTED, PipelineWatcher.Action.STARTED);
        assertThat(watcher.awaitIdle(Duration.ofMinutes(1))).isTrue();

        assertThat(sawTheOther).containsExactly(true, true);
        assertThat(metadata.pipelines().history("plates", 10)).singleElement()
                .extracting(PipelineRun::state).isInstanceOf(PipelineState.Aborted.class);
        assertThat(history()).singleElement().extracting(PipelineRun::state).isInstanceOf(PipelineState.Aborted.class);
    }

    @Test
    void start_inTheBackground_executesTheDriftRunToPromotion() throws Exception {
        home("{on_drift_alert: true, new_labels: null}", Clock.systemUTC());
        fire(DRIFT_ALERT, Instant.now());
        Pipelines pipelines = new Pipelines(ctx);
        CountDownLatch ended = new CountDownLatch(1);
        PipelineWatcher watcher = new PipelineWatcher(ctx, m -> true, started -> {
            try {
                return pipelines.execute(started.id());
            } finally {
                ended.countDown();
            }
        });
        open.add(watcher);

        watcher.start(Duration.ofMillis(20));
        assertThat(ended.await(2, TimeUnit.MINUTES)).isTrue();
        PipelineRun run = history().getFirst();

        assertThat(run.trigger()).isEqualTo("drift");
        assertThat(run.state()).isInstanceOf(PipelineState.Promoted.class);
        assertThat(metadata.registry().versionByAlias(TestLine.MODEL, "champion").orElseThrow().version()).isEqualTo(2);
        watcher.close();
        assertThat(history()).hasSize(1);
    }

    @Test
    void check_runWhoseExecutorDied_isResumedToItsEnd() throws Exception {
        TestClock clock = new TestClock(Instant.now());
        home("{on_drift_alert: true, new_labels: null}", clock);
        Pipelines crashed = new Pipelines(new PipelineContext(metadata, ctx.blobs(), ctx.project(), ctx.trainers(),
                ctx.rollout(), clock, "crashed-process", Duration.ofMinutes(1), Duration.ofMillis(10)));
        PipelineRun orphan = crashed.start(TestLine.MODEL, "manual", "by hand", "ana");
        PipelineWatcher watcher = new PipelineWatcher(ctx, m -> true);
        open.add(watcher);

        assertThat(watcher.check().getFirst().action()).isEqualTo(PipelineWatcher.Action.NONE); // its lease holds
        clock.advance(Duration.ofMinutes(2));
        assertThat(watcher.check().getFirst().action()).isEqualTo(PipelineWatcher.Action.RESUMED);
        assertThat(watcher.awaitIdle(Duration.ofMinutes(2))).isTrue();

        PipelineRun done = metadata.pipelines().run(orphan.id()).orElseThrow();
        assertThat(done.state()).isInstanceOf(PipelineState.Promoted.class);
        assertThat(metadata.registry().history(TestLine.MODEL)).extracting(e -> e.change().action())
                .contains("pipeline-takeover");
        assertThat(history()).hasSize(1);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
