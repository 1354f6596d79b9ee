package dev.loupe.pipeline.step;

import dev.loupe.core.dataset.Split;
import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.pipeline.PipelineRun;
import dev.loupe.core.project.ProjectFile;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.monitor.embedding.EmbeddingReference;
import dev.loupe.monitor.reference.Reference;
import dev.loupe.monitor.reference.References;
import dev.loupe.monitor.watch.ModelMonitor;
import dev.loupe.monitor.watch.MonitorConfig;
import dev.loupe.pipeline.PipelineContext;
import dev.loupe.pipeline.Pipelines;
import dev.loupe.pipeline.TestLine;
import dev.loupe.pipeline.Trainers;
import dev.loupe.pipeline.rollout.InProcessRollout;
import dev.loupe.pipeline.rollout.LiveImages;
import dev.loupe.train.Progress;
import dev.loupe.train.Trainer;
import dev.loupe.train.TrainingData;
import dev.loupe.train.TrainingException;
import dev.loupe.train.TrainingResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RegisterStepTest {
    /** New production images go mostly to validation and test, so the challenger has enough unseen images to embed. */
    private static final String SECTIONS = TestLine.FAST.replace("split: [0.5, 0.1, 0.4]", "split: [0.3, 0.1, 0.6]");

    @TempDir
    Path dir;

    @Test
    void register_challengerWithEmbeddingOutput_referenceHasTheEmbeddingDetector() throws Exception {
        Reference reference = registeredReference(Trainers.builtIn(Clock.systemUTC()));

        assertThat(reference.embedding()).isPresent();
        assertThat(new ModelMonitor(reference, MonitorConfig.defaults()).monitors()).contains("embedding");
        try (MetadataStore metadata = new TestLine.Home(dir).openMetadata(Clock.systemUTC())) {
            // the images the challenger never trained on: the assembled version's validation and test splits
            long unseen = metadata.datasets().samples(metadata.datasets().list(TestLine.MODEL).getFirst()).stream()
                    .filter(s -> s.split() != Split.TRAIN && s.readable()).count();
            assertThat(unseen).isGreaterThanOrEqualTo(EmbeddingReference.MIN_SIZE);
            assertThat(reference.embedding().get().size()).isEqualTo(unseen);
        }
        assertThat(reference.size()).isPositive();
        assertThat(reference.labelled()).isTrue();
    }

    @Test
    void register_challengerWithoutEmbeddingOutput_referenceHasTheRest() throws Exception {
        Trainers builtIn = Trainers.builtIn(Clock.systemUTC());
        Reference reference = registeredReference(name -> withoutEmbedding(builtIn.trainer(name)));

        assertThat(reference.embedding()).isEmpty();
        assertThat(reference.size()).isPositive();
        assertThat(reference.scores()).isNotEmpty();
        assertThat(reference.labelled()).isTrue();
    }

    /** Runs the pipeline once on a line with enough images and returns the reference saved for version 2. */
    private Reference registeredReference(Trainers trainers) throws Exception {
        TestLine.Home home = new TestLine.Home(dir);
        TestLine.prepare(home, SECTIONS, 100, 550); // 400+ unseen: an embedding detector
        Clock clock = Clock.systemUTC();
        try (MetadataStore metadata = home.openMetadata(clock); BlobStore blobs = home.openBlobs();
             InProcessRollout rollout = new InProcessRollout(blobs, LiveImages.cycle(TestLine.live(60, 3)), 0)) {
            Pipelines pipelines = new Pipelines(new PipelineContext(metadata, blobs, ProjectFile.load(home.project()),
                    trainers, rollout, clock, "test", Duration.ofMinutes(1), Duration.ofMillis(10)));
            PipelineRun run = pipelines.runOnce(TestLine.MODEL, "lamp dimmed", "ana");
            assertThat(pipelines.steps(run.id())).extracting(s -> s.step()).contains("registering");
            return new References(metadata.monitoring(), blobs).load(TestLine.MODEL, Optional.of("2")).orElseThrow();
        }
    }

    /** The trainer, with a descriptor that names no embedding output (as a model a team brings may). */
    private static Trainer withoutEmbedding(Trainer trainer) {
        return new Trainer() {
            @Override
            public String name() {
                return trainer.name();
            }

            @Override
            public TrainingResult train(TrainingData data, Map<String, String> params, long seed, Progress progress)
                    throws TrainingException, IOException {
                TrainingResult r = trainer.train(data, params, seed, progress);
                ModelPackage p = r.model();
                ModelDescriptor d = p.descriptor();
                return new TrainingResult(p.withDescriptor(new ModelDescriptor(d.name(), d.labels(), d.positive(), d.input(),
                        d.scoreOutput(), Optional.empty(), d.threshold(), d.reviewBand(), d.lineage(), d.metrics(),
                        d.createdAt())), r.metrics());
            }
        };
    }
}
