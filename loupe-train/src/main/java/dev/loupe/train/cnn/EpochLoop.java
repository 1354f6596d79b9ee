package dev.loupe.train.cnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;

import java.nio.FloatBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.stream.IntStream;

/**
 * One training run's epochs: shuffling, augmentation, optimiser steps, validation, early stopping,
 * progress. Keeps the history and the best weights so far. Used once, on one thread.
 */
final class EpochLoop {

    /*
     * Early stopping: the patience counts epochs since the validation AUROC last rose; the weights kept
     * are the best by (AUROC, then lower validation loss), so among epochs that separate the classes
     * equally well the better calibrated one wins. Each image's augmentation draws from a generator
     * seeded by (seed, epoch, image), so the result does not depend on which thread augments it.
     */

    /** AUROC changes smaller than this are ties. */
    private static final double AUROC_EPSILON = 1e-9;

    private final CnnParams params;
    private final InstantSource clock;
    private final Trainer trainer;
    private final CnnBlock block;
    private final InputPlanes train;
    private final InputPlanes validation;
    private final double[] classWeights;
    private final Instant start;
    private final ProgressListener listener;
    private final Augmenter augmenter;
    final List<EpochProgress> history = new ArrayList<>();
    /** The kept weights ({@link CnnBlock#snapshot}) and their epoch, 1-based. */
    List<float[]> bestWeights;
    int bestEpoch;

    EpochLoop(CnnParams params, InstantSource clock, Trainer trainer, CnnBlock block, InputPlanes train,
              InputPlanes validation, ProgressListener listener) {
        this.params = params;
        this.clock = clock;
        this.trainer = trainer;
        this.block = block;
        this.train = train;
        this.validation = validation;
        this.classWeights = WeightedBinaryCrossEntropy.balancedWeights(train.labels());
        this.start = clock.instant();
        this.listener = listener;
        this.augmenter = new Augmenter(params.augmentation(), train.rawChannels(), train.height(), train.width(),
                params.detailSigma() > 0 ? new DetailChannels(params.detailSigma(), train.height(), train.width()) : null,
                params.fineDetailSigma() > 0
                        ? new FineDetail(params.fineDetailSigma(), train.rawChannels(), 2 * train.height(), 2 * train.width())
                        : null);
    }

    /**
     * Runs epochs until early stopping, a diverged epoch (its training or validation loss not finite: the best
     * epoch's weights are what is kept) or {@link CnnParams#maxEpochs()}; leaves the last epoch's weights in place.
     */
    void run() {
        Random shuffler = new Random(params.seed());
        int[] order = IntStream.range(0, train.size()).toArray();
        double bestAuroc = Double.NEGATIVE_INFINITY;
        double bestLoss = Double.POSITIVE_INFINITY;
        int sinceBetterAuroc = 0;
        for (int epoch = 1; epoch <= params.maxEpochs(); epoch++) {
            Instant epochStart = clock.instant();
            shuffle(order, shuffler);
            double trainLoss = trainEpoch(order, epoch);
            NetworkOutputs val = NetworkOutputs.of(trainer, validation, false);
            double auroc = CnnTrainer.auroc(val.scores(), validation.labels());
            double valLoss = WeightedBinaryCrossEntropy.of(val.logits(), validation.labels(), classWeights);
            // a loss that is no longer a number has diverged: the epoch is reported, never kept, and ends training
            boolean diverged = !Double.isFinite(trainLoss) || !Double.isFinite(valLoss);
            boolean betterAuroc = !diverged && auroc > bestAuroc + AUROC_EPSILON;
            boolean keep = betterAuroc || (!diverged && auroc >= bestAuroc - AUROC_EPSILON && valLoss < bestLoss);
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
            if (diverged || sinceBetterAuroc >= params.patience()) {
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
