package dev.loupe.pipeline.step;

import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.pipeline.PipelineState;
import dev.loupe.core.project.Project;
import dev.loupe.core.project.RetrainingSection;
import dev.loupe.core.store.BlobId;
import dev.loupe.core.tracking.Artifact;
import dev.loupe.core.tracking.DatasetInput;
import dev.loupe.core.tracking.Experiment;
import dev.loupe.core.tracking.Metric;
import dev.loupe.core.tracking.Param;
import dev.loupe.core.tracking.RunInfo;
import dev.loupe.core.tracking.RunStatus;
import dev.loupe.core.tracking.TrackingStore;
import dev.loupe.train.Progress;
import dev.loupe.train.Trainer;
import dev.loupe.train.TrainingData;
import dev.loupe.train.TrainingException;
import dev.loupe.train.TrainingResult;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Trains the challenger on the assembled version with {@code retraining.trainer}, its params and seed,
 * stores the package (named as the registered model) in the blob store and records a tracking run
 * (params, metrics, dataset, the package as an artifact) tagged with the pipeline run's id.
 */
public final class TrainStep implements Step {

    /** What the step produced. */
    public record Trained(String sha256, String trackingRunId, double threshold, Map<String, Double> metrics) {
    }

    @Override
    public StepOutcome run(RunContext rc) throws Exception {
        AssembleStep.Assembled assembled = rc.output("assembling", AssembleStep.Assembled.class);
        DatasetVersion version = ValidateStep.dataset(rc, assembled.dataset());
        Project p = rc.ctx().project();
        RetrainingSection r = rc.ctx().retraining();
        TrainingData data = new TrainingData(version.toString(), rc.ctx().metadata().datasets().samples(version),
                rc.ctx().blobs(), p.labelNames(), p.positive(), p.inputs().width(), p.inputs().height(),
                ModelDescriptor.Colour.valueOf(p.inputs().colour().name()));
        Map<String, String> params = new TreeMap<>(r.params());
        if (r.trainer().equals("baseline")) {
            params.putIfAbsent("target_recall", Double.toString(p.targets().recall()));
        }
        Trainer trainer = rc.ctx().trainers().trainer(r.trainer());
        TrainingResult result;
        try {
            result = trainer.train(data, params, r.seed(), Progress.NONE);
        } catch (TrainingException | IllegalArgumentException e) {
            return new StepOutcome.Finish(new PipelineState.Failed("training " + r.trainer() + " on " + version
                    + " failed: " + e.getMessage()), null, "");
        }
        ModelPackage pkg = result.model().withDescriptor(result.model().descriptor().withName(rc.model()));
        BlobId blob = pkg.store(rc.ctx().blobs());
        String trackingRun = track(rc, version, pkg, blob, result.metrics());
        return new StepOutcome.Continue(new Trained(blob.sha256(), trackingRun, pkg.descriptor().threshold(),
                new TreeMap<>(result.metrics())), "trained " + r.trainer() + " on " + version + ": sha256:"
                + blob.sha256().substring(0, 12) + ", tracking run " + trackingRun);
    }

    private static String track(RunContext rc, DatasetVersion version, ModelPackage pkg, BlobId blob,
                                Map<String, Double> metrics) {
        TrackingStore tracking = rc.ctx().metadata().tracking();
        String experimentName = rc.ctx().project().name();
        Experiment experiment = tracking.experimentNamed(experimentName, null);
        Instant now = rc.ctx().clock().instant();
        RunInfo info = tracking.createRun(experiment.id(), "pipeline " + rc.run().id(), rc.run().requestedBy(), now,
                Map.of(RunContext.RUN_TAG, rc.run().id(), "loupe.trainer", pkg.descriptor().lineage().trainer()));
        List<Param> params = new ArrayList<>();
        pkg.descriptor().lineage().params().forEach((k, v) -> params.add(new Param(k, v)));
        params.add(new Param("seed", Long.toString(pkg.descriptor().lineage().seed())));
        List<Metric> ms = new ArrayList<>();
        metrics.forEach((k, v) -> ms.add(new Metric(k, v, now, 0)));
        tracking.logBatch(info.runId(), ms, params, Map.of());
        tracking.logInputs(info.runId(), List.of(new DatasetInput(version.name(), version.id(), "loupe",
                version.toString(), "train")));
        tracking.logArtifact(info.runId(), new Artifact("model/model.zip", blob, pkg.toZip().length));
        tracking.updateRun(info.runId(), RunStatus.FINISHED, rc.ctx().clock().instant(), null);
        return info.runId();
    }
}
