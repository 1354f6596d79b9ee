package dev.loupe.train;

import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.model.ModelResolver;
import dev.loupe.core.registry.ModelRegistry;
import dev.loupe.core.registry.ModelVersion;
import dev.loupe.core.store.BlobId;
import dev.loupe.core.tracking.Artifact;
import dev.loupe.core.tracking.DatasetInput;
import dev.loupe.core.tracking.Experiment;
import dev.loupe.core.tracking.Metric;
import dev.loupe.core.tracking.Param;
import dev.loupe.core.tracking.RunInfo;
import dev.loupe.core.tracking.RunStatus;
import dev.loupe.core.tracking.TrackingStore;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Records a finished training as a tracked run and a registered model version: the run holds the
 * lineage (dataset input, trainer, params, seed, code and library versions as params/tags), the
 * metrics and the package as an artifact; the version points at the package in the blob store and
 * names the run. "Model = code + hyperparameters + data", kept as data. The CLI and the pipeline both
 * call this, so every model they produce is traceable the same way.
 */
public final class TrainingRecord {

    /** What was recorded. */
    public record Recorded(String runId, ModelVersion version) {
    }

    private final TrackingStore tracking;
    private final ModelRegistry registry;
    private final Clock clock;

    public TrainingRecord(TrackingStore tracking, ModelRegistry registry, Clock clock) {
        this.tracking = tracking;
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * @param experiment the experiment (created when missing)
     * @param actor      who trained it, for the run's user and the registry's audit log
     * @param started    when training started
     * @param pkg        the trained package, already stored as blob {@code packageId}
     */
    public Recorded record(String experiment, String actor, Instant started, DatasetVersion dataset,
                           ModelPackage pkg, BlobId packageId, Map<String, Double> metrics) {
        Experiment exp = tracking.experimentByName(experiment)
                .orElseGet(() -> tracking.createExperiment(experiment, "blob:", Map.of()));
        ModelDescriptor d = pkg.descriptor();
        ModelDescriptor.Lineage lineage = d.lineage();
        Map<String, String> tags = new TreeMap<>();
        tags.put("loupe.trainer", lineage.trainer());
        tags.put("loupe.code.version", lineage.codeVersion());
        tags.put("mlflow.source.git.commit", lineage.codeVersion());
        tags.put("loupe.dataset", dataset.toString());
        lineage.libraries().forEach((lib, v) -> tags.put("loupe.library." + lib, v));
        RunInfo run = tracking.createRun(exp.id(), d.name() + "-" + lineage.trainer(), actor, started, tags);
        List<Param> params = new ArrayList<>();
        new TreeMap<>(lineage.params()).forEach((k, v) -> params.add(new Param(k, v)));
        params.add(new Param("seed", Long.toString(lineage.seed())));
        params.add(new Param("trainer", lineage.trainer()));
        Instant now = Instant.ofEpochMilli(clock.millis());
        List<Metric> logged = new ArrayList<>();
        new TreeMap<>(metrics).forEach((k, v) -> {
            if (Double.isFinite(v)) {
                logged.add(new Metric(k, v, now, 0));
            }
        });
        logged.add(new Metric("threshold", d.threshold(), now, 0));
        tracking.logBatch(run.runId(), logged, params, Map.of());
        tracking.logInputs(run.runId(), List.of(DatasetInput.loupe(dataset.name(), dataset.id(), "train")));
        tracking.logArtifact(run.runId(), new Artifact("model/package.zip", packageId, pkg.toZip().length));
        ModelVersion version = registry.register(actor, d.name(), ModelResolver.source(packageId), run.runId(),
                "trained by " + lineage.trainer() + " on " + dataset, Map.of("trainer", lineage.trainer()));
        tracking.updateRun(run.runId(), RunStatus.FINISHED, now, null);
        return new Recorded(run.runId(), version);
    }
}
