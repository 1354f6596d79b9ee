package dev.loupe.pipeline;

import dev.loupe.core.pipeline.PipelineRun;
import dev.loupe.core.project.ProjectFile;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.pipeline.rollout.InProcessRollout;
import dev.loupe.pipeline.rollout.LiveImages;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The process the crash tests kill: runs one pipeline against a home prepared by {@link TestLine}, with
 * live images paced like a camera. Arguments: the home directory, images per second.
 */
public final class PipelineChild {
    private PipelineChild() {
    }

    public static void main(String[] args) throws Exception {
        TestLine.Home home = new TestLine.Home(Path.of(args[0]));
        double pace = Double.parseDouble(args[1]);
        Clock clock = Clock.systemUTC();
        try (MetadataStore metadata = home.openMetadata(clock); BlobStore blobs = home.openBlobs();
             InProcessRollout rollout = new InProcessRollout(blobs, LiveImages.cycle(TestLine.live(60, 3)), pace)) {
            Pipelines pipelines = new Pipelines(new PipelineContext(metadata, blobs, ProjectFile.load(home.project()),
                    Trainers.builtIn(clock), rollout, clock, "child-" + ProcessHandle.current().pid(),
                    Duration.ofSeconds(30), Duration.ofMillis(10)));
            PipelineRun run = pipelines.runOnce(TestLine.MODEL, "lamp dimmed", "child");
            System.out.println("child finished: " + run.state());
        }
    }
}
