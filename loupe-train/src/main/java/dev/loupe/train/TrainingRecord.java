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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Records a training as a tracked run and a registered model version: the run is opened before training
 * ({@link #start}) with what it is asked to do (dataset input, trainer, seed and the given params), gets each
 * step's metrics as they come, then ({@link Run#finish}) the rest of the lineage (the trainer's effective params,
 * code and library versions as params/tags), the final metrics and the package as an artifact, and the version
 * points at the package in the blob store and names the run. A run that fails ({@link Run#fail}) keeps its params
 * and says why in its {@value #ERROR_TAG} tag, so failed runs are found and explained like finished ones. "Model = code +
 * hyperparameters + data", kept as data. {@code loupe train} and the quickstart record their models this way;
 * the retraining pipeline records its run after training, since it registers only after its gate.
 */
public final class TrainingRecord {

    /** The tag a failed run's reason is logged under (its first line). */
    public static final String ERROR_TAG = "loupe.error";

    /** The params {@link #start} logs from its own arguments; a trainer's params must not use these names. */
    public static final Set<String> RESERVED_PARAMS = Set.of("trainer", "seed", "dataset");

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
     * @param params     the params the trainer is given, logged with {@code trainer}, {@code seed} and
     *                   {@code dataset} (none of them may use those names)
     * @param seed       the training's random seed
     * @throws IllegalArgumentException when the experiment is deleted (restore it or name another), or a param
     *                                  uses a reserved name
     */
    public Run start(String experiment, String actor, Instant started, DatasetVersion dataset, String model,
                     String trainer, Map<String, String> params, long seed) {
        for (String reserved : RESERVED_PARAMS) {
            if (params.containsKey(reserved)) {
                throw new IllegalArgumentException("param '" + reserved + "' is recorded by Loupe itself");
            }
        }
        Experiment exp = tracking.experimentNamed(experiment, "blob:");
        if (exp.lifecycleStage() != LifecycleStage.ACTIVE) {
            throw new IllegalArgumentException("experiment '" + experiment + "' is deleted: restore it or name another");
        }
        String runName = model.endsWith("-" + trainer) ? model : model + "-" + trainer;
        RunInfo run = tracking.createRun(exp.id(), runName, actor, started,
                Map.of("loupe.trainer", trainer, "loupe.dataset", dataset.toString()));
        tracking.logInputs(run.runId(), List.of(DatasetInput.loupe(dataset.name(), dataset.id(), "train")));
        List<Param> logged = new ArrayList<>();
        new TreeMap<>(params).forEach((k, v) -> logged.add(new Param(k, v)));
        logged.add(new Param("trainer", trainer));
        logged.add(new Param("seed", Long.toString(seed)));
        logged.add(new Param("dataset", dataset.toString()));
        tracking.logBatch(run.runId(), List.of(), logged, Map.of());
        Set<String> keys = new HashSet<>();
        logged.forEach(p -> keys.add(p.key()));
        return new Run(run.runId(), actor, dataset, keys);
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
        private final Set<String> loggedParams;
        private final java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();

        private Run(String id, String actor, DatasetVersion dataset, Set<String> loggedParams) {
            this.id = id;
            this.actor = actor;
            this.dataset = dataset;
            this.loggedParams = Set.copyOf(loggedParams);
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
         * Logs the rest of the lineage (the trainer's effective params not logged at the start, such as its
         * defaults, code and library versions), the final metrics and the package as an artifact, registers the
         * package as a new version and ends the run FINISHED. A param logged at the start keeps the value given.
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
            new TreeMap<>(lineage.params()).forEach((k, v) -> {
                if (!loggedParams.contains(k)) {
                    params.add(new Param(k, v));
                }
            });
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
         * Ends the run FAILED (training or recording it went wrong, or the process is being stopped) with the first
         * line of {@code reason} as its {@value #ERROR_TAG} tag; what it logged so far stays. Does nothing once the
         * run has ended.
         *
         * @param reason why it failed; null or blank logs no tag
         */
        public void fail(String reason) {
            if (ended.compareAndSet(false, true)) {
                String line = reason == null ? "" : reason.lines().findFirst().orElse("").strip();
                if (!line.isEmpty()) {
                    // MLflow's limit on a run tag's value: its clients and server refuse or cut longer ones
                    int max = 8000;
                    tracking.setTag(id, ERROR_TAG, line.codePointCount(0, line.length()) <= max ? line
                            : line.substring(0, line.offsetByCodePoints(0, max)));
                }
                tracking.updateRun(id, RunStatus.FAILED, Instant.ofEpochMilli(clock.millis()), null);
            }
        }

        /** {@link #fail(String)} with the exception's message, else its type's name. */
        public void fail(Throwable cause) {
            fail(cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName());
        }
    }
}
