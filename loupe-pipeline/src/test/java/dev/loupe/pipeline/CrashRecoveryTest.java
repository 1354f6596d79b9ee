package dev.loupe.pipeline;

import dev.loupe.core.pipeline.PipelineRun;
import dev.loupe.core.pipeline.PipelineState;
import dev.loupe.core.pipeline.PipelineStep;
import dev.loupe.core.project.ProjectFile;
import dev.loupe.core.store.AuditEntry;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.pipeline.rollout.InProcessRollout;
import dev.loupe.pipeline.rollout.LiveImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a child JVM running a pipeline when its persisted state reaches a step, then resumes the run in
 * this process (whose clock is past the dead owner's lease) and checks the run ends cleanly and the
 * model's audit log tells what happened.
 */
class CrashRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void killedDuringTraining_resumes_retrainsAndPromotes() throws Exception {
        TestLine.Home home = new TestLine.Home(dir);
        TestLine.prepare(home, TestLine.FAST, 150, 150);
        killAt(home, new PipelineState.Training(), 0);

        PipelineRun done = resume(home, run -> {
            PipelineStep training = step(home, run, "training");
            assertThat(training.status()).isEqualTo(PipelineStep.Status.RUNNING);
            assertThat(training.attempt()).isEqualTo(1);
        });

        assertThat(done.state()).isInstanceOf(PipelineState.Promoted.class);
        try (MetadataStore metadata = home.openMetadata(Clock.systemUTC())) {
            assertThat(metadata.pipelines().step(done.id(), "training").orElseThrow().attempt()).isEqualTo(2);
            assertThat(metadata.registry().versions(TestLine.MODEL)).hasSize(2);
            assertThat(metadata.registry().versionByAlias(TestLine.MODEL, "champion").orElseThrow().version()).isEqualTo(2);
            List<String> story = story(metadata);
            assertInOrder(story, "pipeline-start", "pipeline-takeover: its executor child-",
                    "pipeline-resume: step training was interrupted",
                    "create-version", "set-alias challenger=2", "set-alias champion=2", "pipeline-promoted");
        }
    }

    @Test
    void killedDuringCanary_resumes_rollsBackThenRunsTheCanaryAgain() throws Exception {
        TestLine.Home home = new TestLine.Home(dir);
        TestLine.prepare(home, TestLine.FAST, 60, 90);
        killAt(home, new PipelineState.Canary(), 50);

        PipelineRun done = resume(home, run -> assertThat(step(home, run, "canary").status())
                .isEqualTo(PipelineStep.Status.RUNNING));

        assertThat(done.state()).isInstanceOf(PipelineState.Promoted.class);
        try (MetadataStore metadata = home.openMetadata(Clock.systemUTC())) {
            assertThat(metadata.pipelines().step(done.id(), "canary").orElseThrow().attempt()).isEqualTo(2);
            assertThat(metadata.registry().versions(TestLine.MODEL)).hasSize(2);
            List<String> story = story(metadata);
            assertInOrder(story, "pipeline-start", "set-alias challenger=2",
                    "pipeline-takeover: its executor child-", "pipeline-resume: step canary was interrupted", "pipeline-rollback: the interrupted canary is rolled back",
                    "set-alias champion=2", "pipeline-promoted");
            assertThat(story).filteredOn(s -> s.startsWith("create-version")).hasSize(2);
        }
    }

    /**
     * Starts the child, waits until the run's persisted state is {@code state} and that step's row says it
     * is running (its work has begun), kills it.
     */
    private void killAt(TestLine.Home home, PipelineState state, double pace) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"), "-cp", System.getProperty("java.class.path"),
                PipelineChild.class.getName(), home.dir().toString(), Double.toString(pace))
                .redirectErrorStream(true).redirectOutput(home.dir().resolve("child.log").toFile());
        Process child = pb.start();
        try (MetadataStore metadata = home.openMetadata(Clock.systemUTC())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                Optional<PipelineRun> active = metadata.pipelines().active(TestLine.MODEL);
                if (active.isPresent() && active.get().state().equals(state)
                        && metadata.pipelines().step(active.get().id(), ((PipelineState.Active) state).step())
                        .filter(st -> st.status() == PipelineStep.Status.RUNNING).isPresent()) {
                    break;
                }
                assertThat(child.isAlive()).as("child exited before reaching %s; log: %s", state.name(),
                        home.dir().resolve("child.log")).isTrue();
                assertThat(System.nanoTime()).as("child never reached " + state.name()).isLessThan(deadline);
                LockSupport.parkNanos(1_000_000);
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private PipelineRun resume(TestLine.Home home, java.util.function.Consumer<PipelineRun> checkInterrupted)
            throws Exception {
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(5)); // past the dead child's 30 s lease
        try (MetadataStore metadata = home.openMetadata(later); BlobStore blobs = home.openBlobs();
             InProcessRollout rollout = new InProcessRollout(blobs, LiveImages.cycle(TestLine.live(60, 3)), 0)) {
            PipelineRun interrupted = metadata.pipelines().active(TestLine.MODEL).orElseThrow();
            assertThat(interrupted.owner()).hasValueSatisfying(o -> assertThat(o).startsWith("child-"));
            checkInterrupted.accept(interrupted);
            Pipelines pipelines = new Pipelines(new PipelineContext(metadata, blobs, ProjectFile.load(home.project()),
                    Trainers.builtIn(later), rollout, later, "restarted", Duration.ofSeconds(30), Duration.ofMillis(10)));
            return pipelines.resume(TestLine.MODEL).orElseThrow();
        }
    }

    private static PipelineStep step(TestLine.Home home, PipelineRun run, String step) {
        try (MetadataStore metadata = home.openMetadata(Clock.systemUTC())) {
            return metadata.pipelines().step(run.id(), step).orElseThrow();
        }
    }

    /** Each prefix starts an entry of the story, in this order. */
    private static void assertInOrder(List<String> story, String... prefixes) {
        int at = 0;
        for (String prefix : prefixes) {
            while (at < story.size() && !story.get(at).startsWith(prefix)) {
                at++;
            }
            assertThat(at).as("'%s' in order in the audit log %s", prefix, story).isLessThan(story.size());
            at++;
        }
    }

    /** The model's audit log as "action: reason" or "set-alias after" lines. */
    private static List<String> story(MetadataStore metadata) {
        return metadata.registry().history(TestLine.MODEL).stream().map(AuditEntry::change)
                .map(c -> c.action().equals("set-alias") ? "set-alias " + c.after()
                        : c.action() + (c.reason() == null ? "" : ": " + c.reason()))
                .toList();
    }
}
