package dev.loupe.pipeline.step;

import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.pipeline.PipelineRun;
import dev.loupe.core.pipeline.PipelineStep;
import dev.loupe.core.registry.ModelRegistry;
import dev.loupe.core.registry.ModelVersion;
import dev.loupe.core.store.BlobId;
import dev.loupe.pipeline.PipelineContext;

import java.io.IOException;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * What a step sees: the run, the pipeline's context, the outputs of the steps before it, and whether
 * someone asked the run to stop. {@code attempt} is 1, or more when the step is re-run after a crash.
 */
public record RunContext(PipelineRun run, PipelineContext ctx, int attempt, BooleanSupplier abortRequested) {

    public static final String ACTOR = "pipeline";
    public static final String CHAMPION = ModelRegistry.CHAMPION;
    public static final String CHALLENGER = "challenger";
    /** Tag on a registered version naming the run that produced it. */
    public static final String RUN_TAG = "loupe.pipeline.run";

    public String model() {
        return run.model();
    }

    /** The output of an earlier step of this run. */
    public <T> T output(String step, Class<T> type) {
        PipelineStep s = ctx.metadata().pipelines().step(run.id(), step)
                .filter(x -> x.status() == PipelineStep.Status.DONE)
                .orElseThrow(() -> new IllegalStateException("step " + step + " of run " + run.id() + " has not finished"));
        return Outputs.read(s.output(), type);
    }

    public Optional<ModelVersion> champion() {
        return ctx.metadata().registry().versionByAlias(model(), CHAMPION);
    }

    public ModelVersion version(int version) {
        return ctx.metadata().registry().version(model(), version)
                .orElseThrow(() -> new IllegalStateException("model version " + model() + "/" + version + " is gone"));
    }

    /** The model package a registered version points at ({@code blob:sha256:<hex>}). */
    public ModelPackage load(ModelVersion v) throws IOException {
        return loadPackage(v.source());
    }

    public ModelPackage loadPackage(String source) throws IOException {
        String hex = source.startsWith("blob:") ? source.substring("blob:".length()) : source;
        hex = hex.startsWith("sha256:") ? hex.substring("sha256:".length()) : hex;
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IOException("the pipeline reads model packages from the blob store; " + source + " is not blob:sha256:<hex>");
        }
        return ModelPackage.load(ctx.blobs(), BlobId.of(hex));
    }

    /** Who started the run and why, for audit reasons. */
    public String why() {
        return "pipeline run " + run.id() + " (" + run.trigger() + " by " + run.requestedBy()
                + (run.reason().isBlank() ? "" : ": " + run.reason()) + ")";
    }
}
