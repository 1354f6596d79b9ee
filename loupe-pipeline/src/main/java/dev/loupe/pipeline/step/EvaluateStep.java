package dev.loupe.pipeline.step;

import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.dataset.Sample;
import dev.loupe.core.dataset.Split;
import dev.loupe.core.model.ImageClassifier;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.registry.ModelVersion;
import dev.loupe.pipeline.gate.Comparison;
import dev.loupe.pipeline.gate.Figures;
import dev.loupe.train.eval.Evaluator;

import java.util.List;

/**
 * Evaluates challenger and champion through {@link ImageClassifier} (the serving path) on the same test
 * images of the assembled version: the champion's original test samples, the new production images'
 * test share, and both together.
 */
public final class EvaluateStep implements Step {

    /** What the step produced: the figures and which champion version they were measured on. */
    public record Evaluated(int championVersion, Comparison comparison) {
    }

    @Override
    public StepOutcome run(RunContext rc) throws Exception {
        AssembleStep.Assembled assembled = rc.output("assembling", AssembleStep.Assembled.class);
        TrainStep.Trained trained = rc.output("training", TrainStep.Trained.class);
        DatasetVersion version = ValidateStep.dataset(rc, assembled.dataset());
        List<Sample> test = rc.ctx().metadata().datasets().samples(version).stream()
                .filter(s -> s.split() == Split.TEST).toList();
        List<Sample> fresh = test.stream().filter(EvaluateStep::production).toList();
        List<Sample> original = test.stream().filter(s -> !production(s)).toList();
        ModelVersion champion = rc.champion().orElseThrow(() -> new IllegalStateException(
                "the champion alias of " + rc.model() + " was removed during the run"));
        Comparison.Side champ = side(rc, rc.load(champion), version, original, fresh, test);
        Comparison.Side chall = side(rc, rc.loadPackage("blob:sha256:" + trained.sha256()), version, original, fresh, test);
        return new StepOutcome.Continue(new Evaluated(champion.version(), new Comparison(champ, chall)),
                "evaluated on " + test.size() + " test images (" + fresh.size() + " new)");
    }

    private static boolean production(Sample s) {
        return AssembleStep.PRODUCTION.equals(s.metadata().get(AssembleStep.ORIGIN));
    }

    private static Comparison.Side side(RunContext rc, ModelPackage pkg, DatasetVersion version, List<Sample> original,
                                        List<Sample> fresh, List<Sample> all) throws Exception {
        double target = rc.ctx().project().targets().recall();
        Evaluator evaluator = new Evaluator(4);
        try (ImageClassifier c = ImageClassifier.load(pkg, 1)) {
            Figures o = original.isEmpty() ? null : Figures.of(evaluator.evaluate(c, version.toString(), "test-original",
                    original, rc.ctx().blobs(), target));
            Figures n = fresh.isEmpty() ? null : Figures.of(evaluator.evaluate(c, version.toString(), "test-new",
                    fresh, rc.ctx().blobs(), target));
            Figures a = Figures.of(evaluator.evaluate(c, version.toString(), "test", all, rc.ctx().blobs(), target));
            return new Comparison.Side(o, n, a);
        }
    }
}
