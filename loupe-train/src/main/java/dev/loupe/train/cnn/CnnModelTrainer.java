package dev.loupe.train.cnn;

import dev.loupe.core.dataset.Sample;
import dev.loupe.core.dataset.Split;
import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.model.Preprocessor;
import dev.loupe.train.Lineages;
import dev.loupe.train.Params;
import dev.loupe.train.Progress;
import dev.loupe.train.Trainer;
import dev.loupe.train.TrainingData;
import dev.loupe.train.TrainingException;
import dev.loupe.train.TrainingResult;
import dev.loupe.train.baseline.BaselineTrainer;
import dev.loupe.train.eval.BinaryMetrics;
import dev.loupe.train.eval.ThresholdChoice;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code cnn} trainer behind the {@link Trainer} interface: decodes the dataset's images, turns
 * them into tensors with the model's own {@link Preprocessor} (the one serving uses, so training and
 * serving see identical inputs), trains {@link CnnTrainer}, picks the decision threshold on the
 * validation split for the project's target recall, and packages the ONNX export with its lineage.
 *
 * <p>Parameters ({@code --param k=v}), defaults from {@link CnnParams#defaults()}: {@code epochs} (max,
 * 20), {@code batch_size} (16), {@code learning_rate} (0.008, the peak), {@code patience} (10),
 * {@code width} (1.0, channel multiplier),
 * {@code input_size} (64 pixels, square), {@code stem_stride} (1; 2 halves the input in the first
 * convolution), {@code detail_sigma} (2 pixels; 0 for the raw channels only, see {@link CnnParams#detailSigma()}),
 * {@code gem_power} (3; 0 pools the last maps by their max instead of a generalised mean, see
 * {@link CnnParams#gemPower()}), {@code flip_views} (4, the image and its three mirrors, averaged by the exported
 * model; 1 for the image alone, see {@link CnnParams#flipViews()}), {@code second_stride} (2: the second convolution
 * halves the maps instead of a max pool after the first block; 1 for that max pool), {@code schedule}
 * ({@code cosine} or {@code fixed}), {@code augment} (true), {@code lamp_drop} (0.6: with {@code augment}, half the
 * training images' intensities times a lamp factor drawn from [1 − lamp_drop, 1], see {@link Augmentation#lampDrop()}),
 * {@code rule_branch} (true: the package is the CNN and the rule baseline in one graph, {@link RuleBranch}; false
 * for the CNN alone), {@code target_recall} (0.98).
 */
public final class CnnModelTrainer implements Trainer {

    private static final Map<String, String> DEFAULTS = Map.ofEntries(Map.entry("epochs", "20"),
            Map.entry("batch_size", "16"), Map.entry("learning_rate", "0.008"), Map.entry("patience", "10"),
            Map.entry("width", "1.0"), Map.entry("input_size", "64"), Map.entry("stem_stride", "1"),
            Map.entry("detail_sigma", "2"), Map.entry("fine_detail_sigma", "0"), Map.entry("gem_power", "3"),
            Map.entry("flip_views", "4"), Map.entry("second_stride", "2"), Map.entry("schedule", "cosine"),
            Map.entry("augment", "true"), Map.entry("lamp_drop", Double.toString(Augmentation.DEFAULT.lampDrop())), Map.entry("rule_branch", "true"),
            Map.entry("target_recall", "0.98"));

    /**
     * Metric of a package with the rule branch: the threshold of its CNN branch alone ({@link RuleBranch#CNN_SCORE})
     * for the target recall on the validation split, to evaluate that branch apart.
     */
    public static final String CNN_BRANCH_THRESHOLD = "cnn_branch.threshold";
    /** Metric of a package with the rule branch: the seconds the CNN's own training took (the rules not included). */
    public static final String CNN_BRANCH_TRAINING_SECONDS = "cnn_branch.training_seconds";
    /** Output of a package with the rule branch: the score of its CNN branch alone, FP32 [N, 1]. */
    public static final String CNN_BRANCH_SCORE = RuleBranch.CNN_SCORE;

    /** Every channel's mean and standard deviation on the 0..1 scale, by which the network's input is normalised. */
    static final double PIXEL_MEAN = 0.5;
    static final double PIXEL_STD = 0.25;

    private final Clock clock;

    public CnnModelTrainer(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "cnn";
    }

    @Override
    public TrainingResult train(TrainingData data, Map<String, String> given, long seed, Progress progress)
            throws TrainingException, IOException {
        Params p = new Params(name(), DEFAULTS, given);
        int size = p.integer("input_size", 16, 512);
        boolean augment = flag(p, "augment");
        CnnParams params = CnnParams.defaults()
                .withMaxEpochs(p.integer("epochs", 1, 1000))
                .withBatchSize(p.integer("batch_size", 2, 4096))
                .withLearningRate(p.number("learning_rate", 1e-6, 1))
                .withPatience(p.integer("patience", 1, 1000))
                .withWidthMultiplier(p.number("width", 0.25, 8))
                .withInputSize(size)
                .withStemStride(p.integer("stem_stride", 1, 2))
                .withDetailSigma(p.number("detail_sigma", 0, 8))
                .withFineDetailSigma(p.number("fine_detail_sigma", 0, 8))
                .withGemPower(p.number("gem_power", 0, 8))
                .withFlipViews(p.integer("flip_views", 1, 4))
                .withSecondStride(p.integer("second_stride", 1, 2))
                .withSchedule(schedule(p.text("schedule")))
                .withSeed(seed)
                .withAugmentation(augment ? Augmentation.DEFAULT.withLampDrop(p.number("lamp_drop", 0, 0.95)) : Augmentation.NONE);
        double target = p.number("target_recall", 0, 1);
        boolean ruleBranch = flag(p, "rule_branch");

        int channels = data.colour().channels;
        ModelDescriptor.Input input = new ModelDescriptor.Input("image", size, size, data.colour(),
                new ModelDescriptor.Normalisation(1 / 255.0, Collections.nCopies(channels, PIXEL_MEAN),
                        Collections.nCopies(channels, PIXEL_STD)));
        Preprocessor pre = new Preprocessor(input);
        List<Sample> trainSamples = data.split(Split.TRAIN);
        List<Sample> valSamples = data.split(Split.VALIDATION);
        progress.message("cnn: decoding " + trainSamples.size() + " training and " + valSamples.size() + " validation images");
        // with the rule branch the package takes the image at the project's size and resizes it again for the CNN
        // inside its graph: the network trains on what that chain gives, not on a direct resize of the image
        Preprocessor servedAs = ruleBranch ? new Preprocessor(projectSize(data)) : null;
        ImageTensors train = tensors(data, trainSamples, servedAs, pre);
        ImageTensors validation = tensors(data, valSamples, servedAs, pre);
        if (train.defects() == 0 || train.defects() == train.size() || validation.defects() == 0
                || validation.defects() == validation.size()) {
            throw new TrainingException("the cnn needs both '" + data.positive() + "' and other images in the train and "
                    + "validation splits of " + data.dataset());
        }
        Instant start = clock.instant();
        TrainedCnn trained;
        try {
            trained = new CnnTrainer(params).train(train, validation, e -> {
                progress.message(e.line());
                progress.step(e.epoch(), e.metrics());
            });
        } catch (ParityException e) {
            throw new TrainingException("the ONNX export does not match the trained network: " + e.getMessage());
        }
        boolean[] truth = new boolean[validation.size()];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = validation.labels()[i] == 1;
        }
        Map<String, Double> metrics = new TreeMap<>();
        byte[] onnx = trained.onnx();
        float[] validationScores = trained.validationScores();
        ModelDescriptor.Input packageInput = input;
        if (ruleBranch) {
            RuleBranch.Fitted fused = withRules(data, seed, trained, input, valSamples, truth, progress);
            metrics.put("validation.cnn_auroc", CnnTrainer.auroc(validationScores, validation.labels()));
            metrics.put("validation.rules_auroc", CnnTrainer.auroc(fused.rulesScores(), validation.labels()));
            metrics.put("rule_branch.cnn_weight", fused.head()[0]);
            metrics.put("rule_branch.rules_weight", fused.head()[1]);
            metrics.put("rule_branch.bias", fused.head()[2]);
            metrics.put("rule_branch_parity_max_abs_diff", fused.cnnParity());
            metrics.put(CNN_BRANCH_TRAINING_SECONDS, trained.trainingTime().toMillis() / 1000.0);
            metrics.put(CNN_BRANCH_THRESHOLD, ThresholdChoice.forRecall(doubles(validationScores), truth, target).threshold());
            onnx = fused.onnx();
            validationScores = fused.validationScores();
            packageInput = RuleBranch.input(data.width(), data.height());
        }
        double[] scores = doubles(validationScores);
        ThresholdChoice choice = ThresholdChoice.forRecall(scores, truth, target);
        BinaryMetrics m = BinaryMetrics.of(scores, truth, choice.threshold());
        metrics.put("validation.auroc", m.auroc());
        metrics.put("validation.average_precision", m.averagePrecision());
        metrics.put("validation.recall", m.recall());
        metrics.put("validation.precision", m.precision());
        metrics.put("validation.false_reject_rate", m.falseRejectRate());
        metrics.put("validation.accuracy", m.accuracy());
        metrics.put("epochs", (double) trained.history().size());
        metrics.put("best_epoch", (double) trained.bestEpoch());
        metrics.put("training_seconds", Duration.between(start, clock.instant()).toMillis() / 1000.0);
        metrics.put("onnx_parity_max_abs_diff", trained.parity().maxScoreDiff());
        metrics.values().removeIf(v -> Double.isNaN(v));
        progress.message(String.format(java.util.Locale.ROOT,
                "cnn: threshold %.4f for recall %.3f on validation (false-reject rate %.3f), ONNX parity %.1e",
                choice.threshold(), choice.recall(), choice.falseRejectRate(), trained.parity().maxScoreDiff()));
        ModelDescriptor d = new ModelDescriptor("defect-cnn", data.labels(), data.positive(), packageInput, "score",
                Optional.of("embedding"), choice.threshold(), Optional.empty(),
                Lineages.of(data, name(), p.effective(), seed, trained.libraries()), metrics, clock.instant());
        return new TrainingResult(ModelPackage.of(d, onnx), metrics);
    }

    /**
     * Fits the rule baseline on the training split (its own trainer and defaults) and combines it with
     * the trained CNN ({@link RuleBranch}), the head fitted on the validation split.
     */
    private RuleBranch.Fitted withRules(TrainingData data, long seed, TrainedCnn trained,
                                        ModelDescriptor.Input cnnInput, List<Sample> valSamples, boolean[] truth,
                                        Progress progress) throws TrainingException, IOException {
        Progress messages = Progress.messages(line -> progress.message("cnn: rule branch: " + line));
        BaselineTrainer.Fitted rules = new BaselineTrainer(clock).fit(data, Map.of(), seed, messages);
        try {
            RuleBranch.Fitted fused = RuleBranch.fit(trained.onnx(), cnnInput, trained.weights().embeddingSize(),
                    trained.validationScores(), rules.onnx(), data.width(), data.height(), truth,
                    i -> data.image(valSamples.get(i)), CnnTrainer.PARITY_TOLERANCE);
            messages.message(String.format(java.util.Locale.ROOT,
                    "head %.3f x cnn + %.3f x rules %+.3f (fitted on validation), CNN branch parity %.1e",
                    fused.head()[0], fused.head()[1], fused.head()[2], fused.cnnParity()));
            return fused;
        } catch (ParityException e) {
            throw new TrainingException("the CNN and rules model does not match the trained network: " + e.getMessage());
        }
    }

    /** A true/false parameter, strictly: a typo must not turn a feature off. */
    private static boolean flag(Params p, String key) {
        return switch (p.text(key)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, got '" + p.text(key) + "'");
        };
    }

    private static double[] doubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    private static CnnParams.Schedule schedule(String name) {
        return switch (name) {
            case "fixed" -> CnnParams.Schedule.FIXED;
            case "cosine" -> CnnParams.Schedule.COSINE;
            default -> throw new IllegalArgumentException("schedule must be fixed or cosine, got '" + name + "'");
        };
    }

    /**
     * The network's input tensors: each image through {@code pre}, or, when the package first brings images to
     * another size ({@code servedAs}, values 0..255), through that and then {@code pre}.
     */
    private static ImageTensors tensors(TrainingData data, List<Sample> samples, Preprocessor servedAs,
                                        Preprocessor pre) throws IOException {
        float[] x = new float[samples.size() * pre.size()];
        int[] y = new int[samples.size()];
        float[] served = servedAs == null ? null : new float[servedAs.size()];
        for (int i = 0; i < samples.size(); i++) {
            BufferedImage image = data.image(samples.get(i));
            if (served == null || (image.getWidth() == servedAs.width() && image.getHeight() == servedAs.height())) {
                pre.apply(image, x, i * pre.size());
            } else {
                servedAs.apply(image, served, 0);
                int plane = servedAs.width() * servedAs.height();
                float[][] planes = new float[servedAs.channels()][];
                for (int c = 0; c < planes.length; c++) {
                    planes[c] = Arrays.copyOfRange(served, c * plane, (c + 1) * plane);
                }
                pre.apply(planes, servedAs.width(), servedAs.height(), x, i * pre.size());
            }
            y[i] = data.isPositive(samples.get(i)) ? 1 : 0;
        }
        return new ImageTensors(x, y, pre.channels(), pre.height(), pre.width());
    }

    /** RGB values 0..255 at the project's input size: the rule-branch package's input before its 1/255 scale. */
    private static ModelDescriptor.Input projectSize(TrainingData data) {
        return new ModelDescriptor.Input("image", data.width(), data.height(), ModelDescriptor.Colour.RGB,
                new ModelDescriptor.Normalisation(1.0, Collections.nCopies(3, 0.0), Collections.nCopies(3, 1.0)));
    }
}
