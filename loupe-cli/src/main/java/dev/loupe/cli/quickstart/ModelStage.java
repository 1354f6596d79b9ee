package dev.loupe.cli.quickstart;

import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.dataset.Sample;
import dev.loupe.core.dataset.Split;
import dev.loupe.core.inference.InferenceException;
import dev.loupe.core.model.ImageClassifier;
import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.registry.ModelVersion;
import dev.loupe.train.Progress;
import dev.loupe.train.Trainer;
import dev.loupe.train.TrainingData;
import dev.loupe.train.TrainingException;
import dev.loupe.train.TrainingRecord;
import dev.loupe.train.TrainingResult;
import dev.loupe.train.baseline.BaselineTrainer;
import dev.loupe.train.cnn.CnnModelTrainer;
import dev.loupe.train.eval.Evaluation;
import dev.loupe.train.eval.Evaluator;

import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Modeling: the rule baseline and the CNN trained on the dataset version, each logged as a run and
 * registered; both evaluated on the test split; the CNN becomes the champion.
 */
final class ModelStage {
    private ModelStage() {
    }

    /** A trained, registered model and its test evaluation. */
    record Trained(ModelPackage pkg, ModelVersion version, Evaluation test) {
    }

    static Trained train(Context ctx, DatasetVersion data, Trainer trainer, String name, Map<String, String> params)
            throws IOException, TrainingException, InferenceException {
        Stopwatch t = new Stopwatch();
        TrainingData training = trainingData(ctx, data);
        Map<String, String> given = new HashMap<>(params);
        given.putIfAbsent("target_recall", Double.toString(ctx.project().targets().recall()));
        Instant started = ctx.clock().instant();
        ctx.progress("train", "training " + trainer.name() + " on " + data);
        TrainingRecord.Run run = new TrainingRecord(ctx.metadata().tracking(), ctx.metadata().registry(), ctx.clock())
                .start("quickstart", "quickstart", started, data, name, trainer.name(), given, ctx.seed());
        ModelPackage pkg;
        TrainingRecord.Recorded recorded;
        try {
            TrainingResult result = trainer.train(training, given, ctx.seed(), run.progress(progress(ctx)));
            pkg = result.model().withDescriptor(result.model().descriptor().withName(name));
            recorded = run.finish(pkg, pkg.store(ctx.blobs()), result.metrics());
        } catch (TrainingException | IOException | RuntimeException e) {
            run.fail(e);
            throw e;
        }
        Evaluation test = evaluate(ctx, pkg, data, Split.TEST);
        ctx.summary().add("train " + trainer.name(), name + "/" + recorded.version().version(), String.format(Locale.ROOT,
                "test AUROC %.4f, recall %.3f, false rejects %.3f", test.overall().auroc(), test.overall().recall(),
                test.overall().falseRejectRate()), t.seconds());
        return new Trained(pkg, recorded.version(), test);
    }

    static TrainingData trainingData(Context ctx, DatasetVersion data) {
        return new TrainingData(data.toString(), ctx.metadata().datasets().samples(data), ctx.blobs(),
                ctx.project().labelNames(), ctx.project().positive(), ctx.project().inputs().width(),
                ctx.project().inputs().height(), ModelDescriptor.Colour.valueOf(ctx.project().inputs().colour().name()));
    }

    static Evaluation evaluate(Context ctx, ModelPackage pkg, DatasetVersion data, Split split)
            throws IOException, InferenceException {
        List<Sample> samples = ctx.metadata().datasets().samples(data).stream().filter(s -> s.split() == split).toList();
        try (ImageClassifier c = ImageClassifier.load(pkg, 2)) {
            return new Evaluator(4).evaluate(c, data.toString(), split.lower(), samples, ctx.blobs(),
                    ctx.project().targets().recall());
        }
    }

    static Trainer baseline(Context ctx) {
        return new BaselineTrainer(ctx.clock());
    }

    static Trainer cnn(Context ctx) {
        return new CnnModelTrainer(ctx.clock());
    }

    private static Progress progress(Context ctx) {
        return Progress.messages(line -> ctx.progress("train", line.strip()));
    }
}
