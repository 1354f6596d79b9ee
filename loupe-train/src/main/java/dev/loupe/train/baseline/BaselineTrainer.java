package dev.loupe.train.baseline;

import dev.loupe.core.dataset.Sample;
import dev.loupe.core.dataset.Split;
import dev.loupe.core.inference.InferenceException;
import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.model.Prediction;
import dev.loupe.train.Lineages;
import dev.loupe.train.Params;
import dev.loupe.train.Progress;
import dev.loupe.train.Trainer;
import dev.loupe.train.TrainingData;
import dev.loupe.train.TrainingException;
import dev.loupe.train.TrainingResult;
import dev.loupe.train.eval.BinaryMetrics;
import dev.loupe.train.eval.ThresholdChoice;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The rule-based baseline: local-contrast and colour statistics inside the product (see {@link BaselineGraph}
 * and docs/baseline.md) combined by a logistic regression fitted on the training split, with the decision
 * threshold set for the target recall on that split. The figure any learned model must beat.
 *
 * <p>Parameters (sizes in pixels of the input; the defaults are for 128 x 128 and scale with the width):
 * {@code kernel} (background blur, odd, default 3), {@code broad_kernel} (the wider background of the
 * {@code broad} feature, odd, default 5), {@code tile} (small tiles, odd, default 3),
 * {@code blob} (large tiles, odd, default 7), {@code edge_margin} (fraction of the width left out along
 * the product's outline, default 0.047), {@code top_margin} (fraction of the height left out below the
 * product's top edge, where the camera bump is, default 0.1875), {@code target_recall} (default 0.98;
 * the CLI passes the project's), {@code l2} (regularisation, default 0.01). The model always takes RGB,
 * whatever the project's colour mode (a grayscale image is repeated into the three channels). Deterministic:
 * the seed is recorded only. Features are computed by running the baseline's own ONNX graph, so training
 * and serving agree.
 */
public final class BaselineTrainer implements Trainer {

    /** Name of the graph's logit (before the Sigmoid that gives {@code score}). */
    public static final String LOGIT = "logit";

    private static final Map<String, String> DEFAULTS =
            Map.of("target_recall", "0.98", "l2", "0.01");

    private final Clock clock;

    /**
     * The baseline's graph with its logistic regression fitted on the training split, and the parameters in
     * effect; no threshold (what {@link #train} adds). Its input {@code image} is FP32 [N, 3, height, width], RGB in
     * [0, 1] at the data's size; its logit is the value named {@value #LOGIT}.
     */
    public record Fitted(byte[] onnx, Params params) {
    }

    public BaselineTrainer(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "baseline";
    }

    @Override
    public TrainingResult train(TrainingData data, Map<String, String> given, long seed, Progress progress)
            throws TrainingException, IOException {
        Fitted fitted = fit(data, given, seed, progress);
        Params p = fitted.params();
        double target = p.number("target_recall", 0, 1);
        List<Sample> train = data.split(Split.TRAIN);
        boolean[] truth = truths(data, train);
        try {
            ModelPackage pkg = pack(data, p, seed, fitted.onnx(), 0.5, Map.of());
            double[] scores = scores(data.predict(pkg, train));
            ThresholdChoice choice = ThresholdChoice.forRecall(scores, truth, target);
            Map<String, Double> metrics = new TreeMap<>(metrics("train", BinaryMetrics.of(scores, truth, choice.threshold())));
            progress.step(1, metrics);
            List<Sample> validation = data.split(Split.VALIDATION);
            if (!validation.isEmpty()) {
                double[] v = scores(data.predict(pkg, validation));
                Map<String, Double> vm = metrics("validation", BinaryMetrics.of(v, truths(data, validation), choice.threshold()));
                metrics.putAll(vm);
                progress.step(2, vm);
            }
            progress.message(String.format(java.util.Locale.ROOT, "baseline: threshold %.4f for recall %.3f on train (false-reject rate %.3f)",
                    choice.threshold(), choice.recall(), choice.falseRejectRate()));
            return new TrainingResult(pack(data, p, seed, fitted.onnx(), choice.threshold(), metrics), metrics);
        } catch (InferenceException e) {
            throw new IllegalStateException("the baseline's own graph failed to run: " + e.getMessage(), e);
        }
    }

    /**
     * Fits the graph's logistic regression on the training split (the first half of {@link #train}).
     *
     * @throws TrainingException when the training split lacks a class
     */
    public Fitted fit(TrainingData data, Map<String, String> given, long seed, Progress progress)
            throws TrainingException, IOException {
        Map<String, String> defaults = new TreeMap<>(BaselineSizes.defaults(data.width(), data.height()));
        defaults.putAll(DEFAULTS);
        Params p = new Params(name(), defaults, given);
        BaselineSizes sizes = BaselineSizes.of(data.width(), data.height(), p.integer("kernel", 3, 63),
                p.integer("broad_kernel", 3, 63), p.integer("tile", 1, 63), p.integer("blob", 1, 63),
                p.number("edge_margin", 0, 0.4), p.number("top_margin", 0, 0.8));
        p.number("target_recall", 0, 1); // not used here, checked before the features pass rather than after
        double l2 = p.number("l2", 0, 1e6);
        List<Sample> train = data.split(Split.TRAIN);
        long positives = train.stream().filter(data::isPositive).count();
        if (positives == 0 || positives == train.size()) {
            throw new TrainingException("the training split of " + data.dataset() + " needs both '" + data.positive()
                    + "' and other labelled images (it has " + positives + " of " + train.size() + ")");
        }
        boolean[] truth = truths(data, train);
        try {
            progress.message("baseline: features of " + train.size() + " training images");
            ModelPackage probe = pack(data, p, seed, BaselineGraph.build(sizes,
                    new double[BaselineGraph.FEATURES.size()], 0), 0.5, Map.of());
            double[][] x = new double[train.size()][];
            List<Prediction> probed = data.predict(probe, train);
            for (int i = 0; i < x.length; i++) {
                float[] f = probed.get(i).embedding().orElseThrow();
                x[i] = new double[f.length];
                for (int j = 0; j < f.length; j++) {
                    x[i][j] = Math.log(f[j] + BaselineGraph.EPS);
                }
            }
            LogisticRegression fit = LogisticRegression.fit(x, truth, l2);
            return new Fitted(BaselineGraph.build(sizes, fit.weights(), fit.bias()), p);
        } catch (InferenceException e) {
            throw new IllegalStateException("the baseline's own graph failed to run: " + e.getMessage(), e);
        }
    }

    private ModelPackage pack(TrainingData data, Params p, long seed, byte[] onnx, double threshold, Map<String, Double> metrics) {
        ModelDescriptor d = new ModelDescriptor("defect-baseline", data.labels(), data.positive(),
                new ModelDescriptor.Input("image", data.width(), data.height(), ModelDescriptor.Colour.RGB,
                        ModelDescriptor.Normalisation.unit(3)),
                "score", Optional.of("embedding"), threshold, Optional.empty(),
                Lineages.of(data, name(), p.effective(), seed, Map.of()), metrics, clock.instant());
        return ModelPackage.of(d, onnx);
    }

    static Map<String, Double> metrics(String prefix, BinaryMetrics m) {
        Map<String, Double> out = new TreeMap<>();
        out.put(prefix + ".auroc", m.auroc());
        out.put(prefix + ".average_precision", m.averagePrecision());
        out.put(prefix + ".recall", m.recall());
        out.put(prefix + ".precision", m.precision());
        out.put(prefix + ".false_reject_rate", m.falseRejectRate());
        out.put(prefix + ".accuracy", m.accuracy());
        out.values().removeIf(v -> Double.isNaN(v));
        return out;
    }

    private static double[] scores(List<Prediction> predictions) {
        return predictions.stream().mapToDouble(Prediction::score).toArray();
    }

    private static boolean[] truths(TrainingData data, List<Sample> samples) {
        boolean[] t = new boolean[samples.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = data.isPositive(samples.get(i));
        }
        return t;
    }
}
