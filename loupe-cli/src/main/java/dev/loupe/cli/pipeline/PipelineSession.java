package dev.loupe.cli.pipeline;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.JsonOutput;
import dev.loupe.cli.UserException;
import dev.loupe.core.config.LoupeConfig;
import dev.loupe.core.pipeline.PipelineRun;
import dev.loupe.core.pipeline.PipelineStep;
import dev.loupe.core.project.Project;
import dev.loupe.core.project.ProjectFile;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.pipeline.PipelineContext;
import dev.loupe.pipeline.Pipelines;
import dev.loupe.pipeline.Trainers;
import dev.loupe.pipeline.rollout.InProcessRollout;
import dev.loupe.pipeline.rollout.LiveImage;
import dev.loupe.pipeline.rollout.LiveImages;
import dev.loupe.store.BlobStores;
import dev.loupe.store.jdbc.MetadataStores;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the pipeline commands work on: the stores, the project file, and an in-process roll-out fed with
 * live images (a folder, else the model's newest logged images). Closes them together.
 */
final class PipelineSession implements AutoCloseable {
    private final MetadataStore metadata;
    private final BlobStore blobs;
    private final InProcessRollout rollout;
    private final PipelineContext context;
    private final Path live;
    private final double liveRate;
    final Pipelines pipelines;

    private PipelineSession(MetadataStore metadata, BlobStore blobs, InProcessRollout rollout, PipelineContext context,
                            Path live, double liveRate) {
        this.metadata = metadata;
        this.blobs = blobs;
        this.rollout = rollout;
        this.context = context;
        this.live = live;
        this.liveRate = liveRate;
        this.pipelines = new Pipelines(context);
    }

    /**
     * Refuses a model name the registry does not know (exit 1, as {@code loupe models show}): a misspelt
     * {@code --model} otherwise read as a model with no champion or no runs.
     */
    static void requireRegistered(MetadataStore metadata, String model) {
        if (metadata.registry().model(model).isEmpty()) {
            throw new UserException(ExitCodes.FAILED, "no registered model '" + model + "' (see 'loupe models list')");
        }
    }

    /**
     * @param live     folder of live images for shadow and canary; null for the model's logged images
     * @param liveRate images per second the simulated camera delivers; 0 for as fast as possible
     */
    static PipelineSession open(LoupeConfig config, Path projectFile, boolean explicit, String model, Path live,
                                double liveRate) throws IOException {
        Project project = project(projectFile, explicit);
        MetadataStore metadata = MetadataStores.open(config);
        BlobStore blobs = null;
        try {
            blobs = BlobStores.open(config);
            Supplier<LiveImage> source = source(metadata, blobs, project, model, live);
            InProcessRollout rollout = new InProcessRollout(blobs, source, liveRate);
            Clock clock = Clock.systemUTC();
            PipelineContext context = new PipelineContext(metadata, blobs, project, Trainers.builtIn(clock), rollout,
                    clock, PipelineContext.processOwner(), Duration.ofMinutes(1), Duration.ofMillis(50));
            return new PipelineSession(metadata, blobs, rollout, context, live, liveRate);
        } catch (RuntimeException | IOException e) {
            if (blobs != null) {
                blobs.close();
            }
            metadata.close();
            throw e;
        }
    }

    private static Supplier<LiveImage> source(MetadataStore metadata, BlobStore blobs, Project project, String model,
                                              Path live) throws IOException {
        if (model == null) {
            return () -> {
                throw new IllegalStateException("no live images");
            };
        }
        List<LiveImage> images;
        if (live != null) {
            if (!Files.isDirectory(live)) {
                throw new UserException(ExitCodes.USAGE, "--live " + live + " is not a directory");
            }
            images = LiveImages.folder(live, Set.copyOf(project.labelNames()));
        } else {
            images = LiveImages.logged(metadata, blobs, model, 1_000);
        }
        if (images.isEmpty()) {
            return () -> {
                throw new IllegalStateException("no live images for shadow and canary: give --live DIR, or log"
                        + " predictions of " + model + " with their images");
            };
        }
        return LiveImages.cycle(images);
    }

    static Project project(Path file, boolean explicit) {
        if (Files.exists(file)) {
            return ProjectFile.load(file);
        }
        if (explicit) {
            throw new UserException(ExitCodes.CONFIG, "no project file at " + file);
        }
        return ProjectFile.parse(ProjectFile.template(), "the loupe.yaml template (no " + file + ")");
    }

    MetadataStore metadata() {
        return metadata;
    }

    /** The session's pipeline context: stores, project, clock, this process as owner. */
    PipelineContext context() {
        return context;
    }

    /**
     * Executes a run with its own in-process roll-out fed with the run's model's live images (the session's
     * {@code --live} folder, else the model's logged images), closed after the run; what {@code loupe pipeline
     * watch} does for each run it starts, whatever the model.
     */
    PipelineRun executeWithOwnRollout(PipelineRun run) throws IOException {
        Supplier<LiveImage> source = source(metadata, blobs, context.project(), run.model(), live);
        try (InProcessRollout own = new InProcessRollout(blobs, source, liveRate)) {
            PipelineContext c = context;
            return new Pipelines(new PipelineContext(c.metadata(), c.blobs(), c.project(), c.trainers(), own, c.clock(),
                    c.owner(), c.lease(), c.poll())).execute(run.id());
        }
    }

    /** Prints a run and its steps. */
    static void print(PrintWriter out, PipelineRun run, List<PipelineStep> steps) {
        out.printf("run %s  model %s  %s by %s%s%n", run.id(), run.model(), run.trigger(), run.requestedBy(),
                run.reason().isBlank() ? "" : " (" + run.reason() + ")");
        out.printf("state %s%s%n", run.state().name(),
                run.state() instanceof dev.loupe.core.pipeline.PipelineState.Done d ? ": " + d.reason() : "");
        for (PipelineStep s : steps) {
            out.printf("  %-11s %-7s attempt %d  %s%n", s.step(), s.status().name().toLowerCase(java.util.Locale.ROOT),
                    s.attempt(), s.message());
        }
    }

    /**
     * A run as {@code pipeline history|status --json} print it: {@code state} is the state's name,
     * {@code outcome} the reason a finished run ended (null while it runs), {@code owner} null once done.
     */
    static ObjectNode json(PipelineRun run) {
        ObjectNode n = JsonOutput.object().put("id", run.id()).put("model", run.model()).put("trigger", run.trigger())
                .put("reason", run.reason()).put("requested_by", run.requestedBy()).put("state", run.state().name())
                .put("done", run.state().done())
                .put("outcome", run.state() instanceof dev.loupe.core.pipeline.PipelineState.Done d ? d.reason() : null);
        JsonOutput.time(n, "created_at", run.createdAt());
        JsonOutput.time(n, "updated_at", run.updatedAt());
        n.put("owner", run.owner().orElse(null));
        JsonOutput.time(n, "lease_until", run.leaseUntil());
        return n.put("abort_requested", run.abortRequested());
    }

    /** A run with its {@code steps}: {@code step}, {@code attempt}, {@code status} (lower case), times, {@code message}. */
    static ObjectNode json(PipelineRun run, List<PipelineStep> steps) {
        ObjectNode n = json(run);
        ArrayNode array = n.putArray("steps");
        for (PipelineStep s : steps) {
            ObjectNode x = array.addObject().put("step", s.step()).put("attempt", s.attempt())
                    .put("status", s.status().name().toLowerCase(java.util.Locale.ROOT));
            JsonOutput.time(x, "started_at", s.startedAt());
            JsonOutput.time(x, "ended_at", s.endedAt().orElse(null));
            x.put("message", s.message());
        }
        return n;
    }

    @Override
    public void close() {
        try {
            rollout.close();
            blobs.close();
        } finally {
            metadata.close();
        }
    }
}
