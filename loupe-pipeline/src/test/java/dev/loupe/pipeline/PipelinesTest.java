package dev.loupe.pipeline;

import dev.loupe.core.pipeline.PipelineRun;
import dev.loupe.core.pipeline.PipelineState;
import dev.loupe.core.pipeline.PipelineStep;
import dev.loupe.core.project.Project;
import dev.loupe.core.project.ProjectFile;
import dev.loupe.core.store.AuditEntry;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.pipeline.rollout.InProcessRollout;
import dev.loupe.pipeline.rollout.LiveImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class PipelinesTest {

    @TempDir
    Path dir;

    @Test
    void runOnce_dimmedLine_promotesTheRetrainedModel() throws Exception {
        TestLine.Home home = new TestLine.Home(dir);
        TestLine.prepare(home, TestLine.FAST, 60, 90);
        Project project = ProjectFile.load(home.project());
        try (MetadataStore metadata = home.openMetadata(Clock.systemUTC()); BlobStore blobs = home.openBlobs();
             InProcessRollout rollout = new InProcessRollout(blobs, LiveImages.cycle(TestLine.live(60, 3)), 0)) {
            Pipelines pipelines = new Pipelines(new PipelineContext(metadata, blobs, project,
                    Trainers.builtIn(Clock.systemUTC()), rollout, Clock.systemUTC(), "test", Duration.ofMinutes(1),
                    Duration.ofMillis(10)));
            PipelineRun run = pipelines.runOnce(TestLine.MODEL, "lamp dimmed", "ana");
            for (PipelineStep s : pipelines.steps(run.id())) {
                System.out.println(s.step() + " " + s.status() + " " + s.message() + " " + s.output());
            }
            for (AuditEntry e : metadata.registry().history(TestLine.MODEL)) {
                System.out.println(e);
            }
            assertThat(run.state()).isInstanceOf(PipelineState.Promoted.class);
        }
    }
}
