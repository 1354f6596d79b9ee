package dev.loupe.train.cnn;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.loupe.train.eval.RankMetrics;

import java.nio.FloatBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.stream.IntStream;

/**
 * Trains a small CNN defect classifier from scratch on the CPU (DJL on PyTorch) and exports it to
 * ONNX, checked against ONNX Runtime.
 *
 * <p>Network: four blocks of {@code Conv 3×3 → BatchNorm → ReLU → MaxPool 2×2} with 8-16-32-64 channels
 * (times {@link CnnParams#widthMultiplier()}), the last feature maps average- and max-pooled into the
 * embedding, and one logistic unit. Training: Adam, binary cross-entropy with balanced class weights
 * (each class weighs half, however rare defects are), {@link Augmentation} on every training image,
 * early stopping when the validation AUROC has not improved for {@link CnnParams#patience()} epochs.
 * The weights kept are those of the epoch with the best validation AUROC, ties going to the lower
 * validation loss. Then the model is exported ({@link OnnxExporter}) and run through ONNX Runtime on
 * the validation images: if a score differs from the network's own by more than
 * {@link #PARITY_TOLERANCE}, training fails with a {@link ParityException}.
 *
 * <p>Reproducibility: the seed fixes PyTorch's generator (weight initialisation), the shuffling and
 * every augmentation draw. On the same CPU type, with the same PyTorch thread count and the same
 * library versions, the same data, parameters and seed give bit-identical weights and scores; the
 * tests hold it to {@link #REPRODUCIBLE_WITHIN}. Across CPU types or thread counts, PyTorch may pick
 * other kernels and summation orders: scores then differ by rounding that training amplifies, and no
 * bound is promised.
 *
 * <p>Not thread-safe: one {@code train} call at a time per instance. An interrupt of the calling
 * thread stops it between batches with a {@link CancellationException}. PyTorch runs on one thread unless the JVM
 * sets {@code ai.djl.pytorch.num_threads} before the first training (per process, read once): on a
 * machine busy with other work one thread is several times faster than two that wait for each other;
 * augmentation runs on the common fork-join pool between PyTorch's steps. Nothing is downloaded:
 * {@code ai.djl.offline=true} is set unless the JVM set it, and libtorch comes from the
 * {@code pytorch-native-cpu} jar.
 */
public final class CnnTrainer {

    /** Largest score difference between ONNX Runtime and the trained network that an export may have. */
    public static final double PARITY_TOLERANCE = 1e-4;

    /** Largest score difference between two runs with the same seed on the same machine (observed: 0). */
    public static final double REPRODUCIBLE_WITHIN = 1e-6;

    /** Images per inference call on the validation set. */
    private static final int EVAL_CHUNK = 256;
    /** AUROC changes smaller than this are ties. */
    private static final double AUROC_EPSILON = 1e-9;

    private final CnnParams params;
    private final InstantSource clock;

    public CnnTrainer(CnnParams params) {
        this(params, InstantSource.system());
    }

    /** @param clock measures epoch times and the ETA */
    public CnnTrainer(CnnParams params, InstantSource clock) {
        this.params = params;
        this.clock = clock;
    }

    public CnnParams params() {
        return params;
    }

    /**
     * Trains, exports and checks the export.
     *
     * @param train      the training images at {@link CnnParams#inputSize()}, both classes present
     * @param validation images for early stopping and the parity check, same size and channels, both classes
     * @param listener   called after every epoch, on this thread
     * @throws IllegalArgumentException when the tensors do not fit the parameters or lack a class
     * @throws ParityException          when ONNX Runtime does not reproduce the network's scores
     * @throws CancellationException    when the calling thread is interrupted
     */
    public TrainedCnn train(ImageTensors train, ImageTensors validation, ProgressListener listener) {
        check(train, "training");
        check(validation, "validation");
        if (validation.channels() != train.channels()) {
            throw new IllegalArgumentException("training images have " + train.channels() + " channels, validation "
                    + validation.channels());
        }
        Instant start = clock.instant();
        Engine engine = Torch.engine();
        engine.setRandomSeed((int) (params.seed() ^ (params.seed() >>> 32)));
        CnnBlock block = new CnnBlock(params.channels());
        double[] classWeights = WeightedBinaryCrossEntropy.balancedWeights(train.labels());
        try (Model model = Model.newInstance("loupe-cnn", Device.cpu(), Torch.ENGINE)) {
            model.setBlock(block);
            DefaultTrainingConfig config = new DefaultTrainingConfig(new WeightedBinaryCrossEntropy())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) params.learningRate())).build())
                    // He initialisation, for ReLU networks
                    .optInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
                            XavierInitializer.FactorType.IN, 2), Parameter.Type.WEIGHT)
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(params.batchSize(), train.channels(), train.height(), train.width()));
                Run run = new Run(trainer, block, train, validation, classWeights, start, listener);
                run.epochs();
                block.restore(run.bestWeights);
                Outputs kept = predict(trainer, validation, true);
                float[] scores = kept.scores();
                CnnWeights weights = block.weights(train.channels(), params.inputSize());
                byte[] onnx = OnnxExporter.export(weights);
                ParityReport parity = OnnxParity.check(onnx, validation, scores, kept.embeddings());
                if (!parity.within(PARITY_TOLERANCE)) {
                    throw new ParityException("ONNX Runtime does not reproduce the trained network: score differs by up to "
                            + parity.maxScoreDiff() + ", embedding by " + parity.maxEmbeddingDiff() + " (tolerance "
                            + PARITY_TOLERANCE + ")");
                }
                return new TrainedCnn(onnx, weights, params, run.history, run.bestEpoch, auroc(scores, validation.labels()),
                        scores, parity, Duration.between(start, clock.instant()),
                        Map.of("djl", Engine.getDjlVersion(), "pytorch", engine.getVersion()));
            }
        }
    }

    /** One training run's loop and its state: the history and the best weights so far. */
    private final class Run {
        private final Trainer trainer;
        private final CnnBlock block;
        private final ImageTensors train;
        private final ImageTensors validation;
        private final double[] classWeights;
        private final Instant start;
        private final ProgressListener listener;
        private final Augmenter augmenter;
        private final List<EpochProgress> history = new ArrayList<>();
        private List<float[]> bestWeights;
        private int bestEpoch;

        Run(Trainer trainer, CnnBlock block, ImageTensors train, ImageTensors validation, double[] classWeights,
            Instant start, ProgressListener listener) {
            this.trainer = trainer;
            this.block = block;
            this.train = train;
            this.validation = validation;
            this.classWeights = classWeights;
            this.start = start;
            this.listener = listener;
            this.augmenter = new Augmenter(params.augmentation(), train.channels(), train.height(), train.width());
        }

        void epochs() {
            Random shuffler = new Random(params.seed());
            int[] order = IntStream.range(0, train.size()).toArray();
            double bestAuroc = Double.NEGATIVE_INFINITY;
            double bestLoss = Double.POSITIVE_INFINITY;
            int sinceBetterAuroc = 0;
            for (int epoch = 1; epoch <= params.maxEpochs(); epoch++) {
                Instant epochStart = clock.instant();
                shuffle(order, shuffler);
                double trainLoss = trainEpoch(order, epoch);
                Outputs val = predict(trainer, validation, false);
                double auroc = auroc(val.scores(), validation.labels());
                double valLoss = WeightedBinaryCrossEntropy.of(val.logits(), validation.labels(), classWeights);
                boolean betterAuroc = auroc > bestAuroc + AUROC_EPSILON;
                boolean keep = betterAuroc || (auroc >= bestAuroc - AUROC_EPSILON && valLoss < bestLoss);
                sinceBetterAuroc = betterAuroc ? 0 : sinceBetterAuroc + 1;
                if (keep) {
                    bestAuroc = Math.max(bestAuroc, auroc);
                    bestLoss = valLoss;
                    bestWeights = block.snapshot();
                    bestEpoch = epoch;
                }
                Instant now = clock.instant();
                Duration elapsed = Duration.between(start, now);
                Duration eta = elapsed.dividedBy(epoch).multipliedBy(params.maxEpochs() - epoch);
                EpochProgress p = new EpochProgress(epoch, params.maxEpochs(), trainLoss, valLoss, auroc, keep,
                        Duration.between(epochStart, now), elapsed, eta);
                history.add(p);
                listener.onEpoch(p);
                if (sinceBetterAuroc >= params.patience()) {
                    break;
                }
            }
        }

        /** One pass over the shuffled training set; returns the mean batch loss. */
        private double trainEpoch(int[] order, int epoch) {
            int batchSize = params.batchSize();
            int len = train.imageLength();
            float[] images = new float[batchSize * len];
            double lossSum = 0;
            int batches = 0;
            for (int from = 0; from < order.length; from += batchSize) {
                int count = Math.min(batchSize, order.length - from);
                if (count < 2) {
                    break; // batch norm needs two images to normalise over
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new CancellationException("CNN training interrupted in epoch " + epoch);
                }
                float[] targets = new float[count];
                float[] weights = new float[count];
                int first = from;
                IntStream.range(0, count).parallel().forEach(i -> augmenter.apply(train.data(), order[first + i] * len,
                        images, i * len, new SplittableRandom(mix(params.seed(), epoch, order[first + i]))));
                for (int i = 0; i < count; i++) {
                    int label = train.labels()[order[from + i]];
                    targets[i] = label;
                    weights[i] = (float) classWeights[label];
                }
                try (NDManager batch = trainer.getManager().newSubManager()) {
                    NDArray x = batch.create(FloatBuffer.wrap(images, 0, count * len).slice(),
                            new Shape(count, train.channels(), train.height(), train.width()));
                    NDList labels = new NDList(batch.create(targets), batch.create(weights));
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDArray loss = trainer.getLoss().evaluate(labels, trainer.forward(new NDList(x)));
                        lossSum += loss.getFloat();
                        collector.backward(loss);
                    }
                    trainer.step();
                }
                batches++;
            }
            return lossSum / Math.max(1, batches);
        }
    }

    /** The network's logits, scores and (when asked) embeddings on a set, in inference mode. */
    private static Outputs predict(Trainer trainer, ImageTensors data, boolean embeddings) {
        int n = data.size();
        int len = data.imageLength();
        float[] logits = new float[n];
        float[] features = null;
        for (int from = 0; from < n; from += EVAL_CHUNK) {
            int count = Math.min(EVAL_CHUNK, n - from);
            try (NDManager chunk = trainer.getManager().newSubManager()) {
                NDArray x = chunk.create(FloatBuffer.wrap(data.data(), from * len, count * len).slice(),
                        new Shape(count, data.channels(), data.height(), data.width()));
                NDList out = trainer.evaluate(new NDList(x));
                System.arraycopy(out.get(0).toFloatArray(), 0, logits, from, count);
                if (embeddings) {
                    float[] e = out.get(1).toFloatArray();
                    if (features == null) {
                        features = new float[n * (e.length / count)];
                    }
                    System.arraycopy(e, 0, features, from * (e.length / count), e.length);
                }
            }
        }
        return new Outputs(logits, features);
    }

    private record Outputs(float[] logits, float[] embeddings) {
        float[] scores() {
            float[] s = new float[logits.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = (float) (1 / (1 + Math.exp(-logits[i])));
            }
            return s;
        }
    }

    private void check(ImageTensors t, String role) {
        if (t.height() != params.inputSize() || t.width() != params.inputSize()) {
            throw new IllegalArgumentException(role + " images are " + t.height() + "x" + t.width() + ", the model takes "
                    + params.inputSize() + "x" + params.inputSize() + ": resize them with the serving preprocessing first");
        }
        int defects = t.defects();
        if (defects == 0 || defects == t.size()) {
            throw new IllegalArgumentException(role + " set needs both ok and defect images, has " + (t.size() - defects)
                    + " ok and " + defects + " defect");
        }
    }

    /** AUROC of scores against 0/1 labels, defect positive. */
    static double auroc(float[] scores, int[] labels) {
        double[] s = new double[scores.length];
        boolean[] defect = new boolean[labels.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = scores[i];
            defect[i] = labels[i] == 1;
        }
        return RankMetrics.auroc(s, defect);
    }

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** A well-mixed seed for one image's augmentation in one epoch (SplitMix64's finaliser, chained). */
    static long mix(long seed, int epoch, int image) {
        return mix64(mix64(mix64(seed) ^ epoch) ^ image);
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
