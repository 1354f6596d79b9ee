package dev.loupe.train.cnn;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.loupe.train.eval.RankMetrics;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.CancellationException;

/**
 * Trains a small CNN defect classifier from scratch on the CPU (DJL on PyTorch) and exports it to
 * ONNX, checked against ONNX Runtime.
 *
 * <p>Network: the input's channels and, unless {@link CnnParams#detailSigma()} is 0, their detail channels
 * (each channel minus its Gaussian blur, which keeps small marks and drops the part's colour, the lamp level
 * and its gradient; computed once per training image by {@link DetailChannels}, by the exported graph itself
 * when serving), then four blocks of {@code Conv 3×3 → BatchNorm → ReLU → MaxPool 2×2} with 8-16-32-64 channels
 * (times {@link CnnParams#widthMultiplier()}; the first convolution strided by {@link CnnParams#stemStride()}; by
 * default the first block has no max pool and the second convolution strides by 2 instead,
 * {@link CnnParams#secondStride()}),
 * the last feature maps pooled into the embedding by their average and their generalised mean (or their max when
 * {@link CnnParams#gemPower()} is 0), and one logistic unit. Training:
 * Adam at the learning rate of {@link CnnParams#schedule()}, binary cross-entropy with balanced class weights
 * (each class weighs half, however rare defects are), {@link Augmentation} on every training image,
 * early stopping when the validation AUROC has not improved for {@link CnnParams#patience()} epochs.
 * The weights kept are those of the epoch with the best validation AUROC, ties going to the lower
 * validation loss (each epoch's network on the images alone, whatever {@link CnnParams#flipViews()}). Then the model
 * is exported ({@link OnnxExporter}, its embedding averaged over the flip views) and run through ONNX Runtime on
 * the validation images: if a score differs from the network's own (averaged alike) by more than
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
 * thread stops it between batches with a {@link CancellationException}. PyTorch runs on two threads (one on a
 * single-processor machine) unless the JVM sets {@code ai.djl.pytorch.num_threads} before the first training
 * (per process, read once; see {@link Torch#engine()}): on a machine busy with other work one thread can be
 * several times faster than two that wait for each other;
 * augmentation runs on the common fork-join pool between PyTorch's steps. Nothing is downloaded:
 * {@code ai.djl.offline=true} is set unless the JVM set it, and libtorch comes from the
 * {@code pytorch-native-cpu} jar.
 */
public final class CnnTrainer {

    /** Largest score difference between ONNX Runtime and the trained network that an export may have. */
    public static final double PARITY_TOLERANCE = 1e-4;

    /** Largest score difference between two runs with the same seed on the same machine (observed: 0). */
    public static final double REPRODUCIBLE_WITHIN = 1e-6;


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
        CnnBlock block = new CnnBlock(params.channels(), params.stemStride(), params.secondStride(), params.detailSigma(),
                params.fineDetailSigma(), params.gemPower());
        try (Model model = Model.newInstance("loupe-cnn", Device.cpu(), Torch.ENGINE)) {
            model.setBlock(block);
            DefaultTrainingConfig config = new DefaultTrainingConfig(new WeightedBinaryCrossEntropy())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(learningRate(train.size())).build())
                    // He initialisation, for ReLU networks
                    .optInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
                            XavierInitializer.FactorType.IN, 2), Parameter.Type.WEIGHT)
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(config)) {
                InputPlanes trainPlanes = planes(train);
                InputPlanes validationPlanes = planes(validation);
                trainer.initialize(new Shape(params.batchSize(), trainPlanes.channels(), trainPlanes.height(),
                        trainPlanes.width()));
                EpochLoop loop = new EpochLoop(params, clock, trainer, block, trainPlanes, validationPlanes, listener);
                loop.run();
                block.restore(loop.bestWeights);
                NetworkOutputs kept = viewsAveraged(trainer, validation, validationPlanes);
                float[] scores = kept.scores();
                CnnWeights weights = block.weights(train.channels(), params.inputSize());
                byte[] onnx = OnnxExporter.export(weights, params.flipViews());
                ParityReport parity = OnnxParity.check(onnx, validation, scores, kept.embeddings());
                if (!parity.within(PARITY_TOLERANCE)) {
                    throw new ParityException("ONNX Runtime does not reproduce the trained network: score differs by up to "
                            + parity.maxScoreDiff() + ", embedding by " + parity.maxEmbeddingDiff() + " (tolerance "
                            + PARITY_TOLERANCE + ")");
                }
                return new TrainedCnn(onnx, weights, params, loop.history, loop.bestEpoch, auroc(scores, validation.labels()),
                        scores, parity, Duration.between(start, clock.instant()),
                        Map.of("djl", Engine.getDjlVersion(), "pytorch", engine.getVersion()));
            }
        }
    }

    /**
     * The network's outputs on the images, averaged over {@link CnnParams#flipViews()} views of each (the image and
     * its mirrors), as the exported model gives them; {@code planes} are the images' own input planes.
     */
    private NetworkOutputs viewsAveraged(Trainer trainer, ImageTensors images, InputPlanes planes) {
        NetworkOutputs sum = NetworkOutputs.of(trainer, planes, true);
        if (params.flipViews() == 1) {
            return sum;
        }
        boolean[][] mirrors = params.flipViews() == 2 ? new boolean[][] {{true, false}}
                : new boolean[][] {{true, false}, {false, true}, {true, true}};
        for (boolean[] m : mirrors) {
            sum = sum.plus(NetworkOutputs.of(trainer, planes(images.mirrored(m[0], m[1])), true));
        }
        return sum.times(1f / params.flipViews());
    }

    /** The network's input: the images, with their detail channels when the parameters ask for them. */
    private InputPlanes planes(ImageTensors images) {
        if (params.fineDetailSigma() > 0) {
            return FineDetail.append(images, params.detailSigma(), params.fineDetailSigma());
        }
        return params.detailSigma() > 0 ? DetailChannels.append(images, params.detailSigma()) : InputPlanes.of(images);
    }

    private Tracker learningRate(int trainImages) {
        return switch (params.schedule()) {
            case FIXED -> Tracker.fixed((float) params.learningRate());
            case COSINE -> new WarmCosineTracker(params.learningRate(),
                    params.maxEpochs() * Math.max(1, trainImages / params.batchSize()));
        };
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
}
