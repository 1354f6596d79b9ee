package dev.loupe.pipeline.step;

import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.dataset.Sample;
import dev.loupe.core.dataset.Split;
import dev.loupe.core.model.ImageClassifier;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.monitoring.MonitoringRepository;
import dev.loupe.core.registry.ModelRegistry;
import dev.loupe.core.registry.ModelVersion;
import dev.loupe.monitor.reference.DatasetReference;
import dev.loupe.monitor.reference.Reference;
import dev.loupe.monitor.reference.References;
import dev.loupe.train.eval.Evaluation;
import dev.loupe.train.eval.Evaluator;
import dev.loupe.train.eval.ScoredSample;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Registers the challenger as the model's next version (tagged with the run's id, so a re-run finds it
 * instead of registering it twice), saves its monitoring reference, and points the {@code challenger} alias at
 * it. The reference is the {@link DatasetReference} of the assembled version, as for any registered version: the
 * statistics of its training images, the challenger's scores and labels on its validation images (so its
 * performance can be estimated without labels) and, when the challenger has an embedding output, its embeddings
 * of the images it never trained on (the embedding drift detector). Without it a retrained champion would go
 * unmonitored: the servers monitor only versions that have one.
 */
public final class RegisterStep implements Step {

    /** What the step produced. */
    public record Registered(int version, int championVersion) {
    }

    @Override
    public StepOutcome run(RunContext rc) throws Exception {
        TrainStep.Trained trained = rc.output("training", TrainStep.Trained.class);
        EvaluateStep.Evaluated evaluated = rc.output("evaluating", EvaluateStep.Evaluated.class);
        ModelRegistry registry = rc.ctx().metadata().registry();
        Optional<ModelVersion> earlier = registry.versions(rc.model()).stream()
                .filter(v -> rc.run().id().equals(v.tags().get(RunContext.RUN_TAG))).findFirst();
        ModelVersion v = earlier.orElseGet(() -> registry.createVersion(RunContext.ACTOR, rc.model(),
                "blob:sha256:" + trained.sha256(), trained.trackingRunId(), "retrained by " + rc.why(),
                Map.of(RunContext.RUN_TAG, rc.run().id())));
        saveReference(rc, v, trained);
        if (!v.aliases().contains(RunContext.CHALLENGER)) {
            registry.setAlias(RunContext.ACTOR, rc.model(), RunContext.CHALLENGER, v.version(), "gate passed in " + rc.why());
        }
        return new StepOutcome.Continue(new Registered(v.version(), evaluated.championVersion()),
                v.ref() + " registered as challenger");
    }

    /** Saves the version's monitoring reference, unless a re-run finds one already. */
    private static void saveReference(RunContext rc, ModelVersion v, TrainStep.Trained trained) throws Exception {
        MonitoringRepository monitoring = rc.ctx().metadata().monitoring();
        String version = Integer.toString(v.version());
        if (monitoring.reference(rc.model(), version).isPresent()) {
            return;
        }
        AssembleStep.Assembled assembled = rc.output("assembling", AssembleStep.Assembled.class);
        DatasetVersion data = ValidateStep.dataset(rc, assembled.dataset());
        List<Sample> samples = rc.ctx().metadata().datasets().samples(data);
        List<Sample> validation = samples.stream().filter(s -> s.split() == Split.VALIDATION).toList();
        ModelPackage pkg = rc.loadPackage("blob:sha256:" + trained.sha256());
        Reference reference;
        try (ImageClassifier c = ImageClassifier.load(pkg, 1)) {
            Evaluation scored = new Evaluator(4).evaluate(c, data.toString(), "validation", validation, rc.ctx().blobs(),
                    rc.ctx().project().targets().recall());
            reference = DatasetReference.build(c, rc.model(), version, data.toString(), samples, rc.ctx().blobs(),
                    ScoredSample.scores(scored.scored()), ScoredSample.truths(scored.scored()), rc.ctx().clock().instant());
        }
        new References(monitoring, rc.ctx().blobs()).save(reference);
    }
}
