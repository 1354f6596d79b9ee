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
import dev.loupe.core.tracking.LifecycleStage;
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
 * Records a training as a tracked run and a registered model version: the run is opened before training
 * ({@link #start}), gets each step's metrics as they come, then ({@link Run#finish}) the lineage (dataset
 * input, trainer, params, seed, code and library versions as params/tags), the final metrics and the package
 * as an artifact, and the version points at the package in the blob store and names the run. "Model = code +
 * hyperparameters + data", kept as data. {@code loupe train} and the quickstart record their models this way;
 * the retraining pipeline records its run after training, since it registers only after its gate.
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
     * Opens the run before training, so a bad experiment fails before the work and the run shows as running
     * while it lasts, with its step metrics ({@link Run#progress}) as they come.
     *
     * @param experiment the experiment (created when missing)
     * @param actor      who trains, for the run's user and the registry's audit log
     * @param started    when training starts
     * @param model      the name the model will be registered under
     * @param trainer    the trainer's name
     * @throws IllegalArgumentException when the experiment is deleted (restore it or name another)
     */
    public Run start(String experiment, String actor, Instant started, DatasetVersion dataset, String model,
                     String trainer) {
        Experiment exp = tracking.experimentNamed(experiment, "blob:");
        if (exp.lifecycleStage() != LifecycleStage.ACTIVE) {
            throw new IllegalArgumentException("experiment '" + experiment + "' is deleted: restore it or name another");
        }
        String runName = model.endsWith("-" + trainer) ? model : model + "-" + trainer;
        RunInfo run = tracking.createRun(exp.id(), runName, actor, started,
                Map.of("loupe.trainer", trainer, "loupe.dataset", dataset.toString()));
        tracking.logInputs(run.runId(), List.of(DatasetInput.loupe(dataset.name(), dataset.id(), "train")));
        return new Run(run.runId(), actor, dataset);
    }

    /** The finite ones of {@code metrics} at one step, by key: one that could not be computed (NaN) is left out. */
    private static List<Metric> finite(Map<String, Double> metrics, Instant at, long step) {
        List<Metric> out = new ArrayList<>();
        new TreeMap<>(metrics).forEach((k, v) -> {
            if (Double.isFinite(v)) {
                out.add(new Metric(k, v, at, step));
            }
        });
        return out;
    }

    /** A run opened by {@link #start}: running until {@link #finish} or {@link #fail}. */
    public final class Run {
        private final String id;
        private final String actor;
        private final DatasetVersion dataset;
        private final java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();

        private Run(String id, String actor, DatasetVersion dataset) {
            this.id = id;
            this.actor = actor;
            this.dataset = dataset;
        }

        public String id() {
            return id;
        }

        /** {@code display}'s lines, and every step's finite metrics logged to the run at that step. */
        public Progress progress(Progress display) {
            return new Progress() {
                @Override
                public void message(String line) {
                    display.message(line);
                }

                @Override
                public void step(long step, Map<String, Double> metrics) {
                    display.step(step, metrics);
                    List<Metric> logged = finite(metrics, Instant.ofEpochMilli(clock.millis()), step);
                    if (!logged.isEmpty()) {
                        tracking.logBatch(id, logged, List.of(), Map.of());
                    }
                }
            };
        }

        /**
         * Logs the lineage (params, seed, trainer, code and library versions), the final metrics and the package
         * as an artifact, registers the package as a new version and ends the run FINISHED.
         *
         * @param pkg the trained package, already stored as blob {@code packageId}
         */
        public Recorded finish(ModelPackage pkg, BlobId packageId, Map<String, Double> metrics) {
            ModelDescriptor d = pkg.descriptor();
            ModelDescriptor.Lineage lineage = d.lineage();
            Map<String, String> tags = new TreeMap<>();
            tags.put("loupe.code.version", lineage.codeVersion());
            tags.put("mlflow.source.git.commit", lineage.codeVersion());
            lineage.libraries().forEach((lib, v) -> tags.put("loupe.library." + lib, v));
            List<Param> params = new ArrayList<>();
            new TreeMap<>(lineage.params()).forEach((k, v) -> params.add(new Param(k, v)));
            params.add(new Param("seed", Long.toString(lineage.seed())));
            params.add(new Param("trainer", lineage.trainer()));
            Instant now = Instant.ofEpochMilli(clock.millis());
            List<Metric> logged = finite(metrics, now, 0);
            logged.add(new Metric("threshold", d.threshold(), now, 0));
            tracking.logBatch(id, logged, params, tags);
            tracking.logArtifact(id, new Artifact("model/package.zip", packageId, pkg.toZip().length));
            ModelVersion version = registry.register(actor, d.name(), ModelResolver.source(packageId), id,
                    "trained by " + lineage.trainer() + " on " + dataset, Map.of("trainer", lineage.trainer()));
            ended.set(true);
            tracking.updateRun(id, RunStatus.FINISHED, now, null);
            return new Recorded(id, version);
        }

        /**
         * Ends the run FAILED (training or recording it went wrong, or the process is being stopped); what it logged
         * so far stays. Does nothing once the run has ended.
         */
        public void fail() {
            if (ended.compareAndSet(false, true)) {
                tracking.updateRun(id, RunStatus.FAILED, Instant.ofEpochMilli(clock.millis()), null);
            }
        }
    }
}
