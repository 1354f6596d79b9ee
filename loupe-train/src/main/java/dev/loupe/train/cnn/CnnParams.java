package dev.loupe.train.cnn;

/**
 * Hyperparameters of {@link CnnTrainer}, validated when built. Recorded with every model it trains.
 *
 * @param maxEpochs       most passes over the training set; early stopping usually ends sooner
 * @param batchSize       images per optimiser step
 * @param learningRate    Adam's step size
 * @param seed            seeds weight initialisation, shuffling and augmentation
 * @param patience        epochs without a better validation AUROC before training stops
 * @param widthMultiplier scales every layer's channels (1.0 = 8-16-32-64)
 * @param inputSize       the model's input side in pixels (square); the tensors must already have it
 * @param stemStride      stride of the first convolution, 1 or 2: 2 reads a large input at full resolution
 *                        for the cost of one half its side
 * @param augmentation    perturbations of the training images
 * @param schedule        how the learning rate moves over the {@code maxEpochs}
 * @param detailSigma     0, or the sigma in pixels (0.5..8) of a Gaussian blur whose residue, {@code x − blur(x)},
 *                        the network sees next to every input channel: small marks stand out in it whatever the
 *                        part's colour, the lamp level or its gradient
 * @param fineDetailSigma 0, or the sigma in input pixels (0.5..8) of the fine detail channels: the network then
 *                        reads the image at half its side (2×2 average, what the serving preprocessing gives
 *                        for a resize by half) with {@code detailSigma}'s channels computed there, plus the luminance's
 *                        detail at full resolution, pixel-unshuffled into 4 planes at half the side
 *                        ({@link FineDetail}): marks finer than the half-size pixel survive without the cost of
 *                        convolutions at full size
 */
public record CnnParams(int maxEpochs, int batchSize, double learningRate, long seed, int patience,
                        double widthMultiplier, int inputSize, int stemStride, Augmentation augmentation,
                        Schedule schedule, double detailSigma, double fineDetailSigma, double gemPower,
                        int flipViews, int secondStride) {

    /** The learning rate over training. */
    public enum Schedule {
        /** {@link #learningRate()} throughout. */
        FIXED,
        /**
         * Up from 2% of {@link #learningRate()} over the first 10% of the steps of {@link #maxEpochs()}
         * epochs, then down along a half cosine to 2% at the last step.
         */
        COSINE
    }

    /** Channels of the four convolution blocks at width 1.0. */
    static final int[] BASE_CHANNELS = {8, 16, 32, 64};

    public CnnParams {
        range("maxEpochs", maxEpochs, 1, 10_000);
        range("batchSize", batchSize, 2, 4096);
        range("patience", patience, 1, 10_000);
        range("inputSize", inputSize, 16, 1024);
        range("stemStride", stemStride, 1, 2);
        range("secondStride", secondStride, 1, 2);
        if (!(learningRate > 0 && learningRate <= 1)) {
            throw new IllegalArgumentException("learningRate must be in (0, 1], got " + learningRate);
        }
        if (!(widthMultiplier >= 0.25 && widthMultiplier <= 8)) {
            throw new IllegalArgumentException("widthMultiplier must be in [0.25, 8], got " + widthMultiplier);
        }
        if (augmentation == null) {
            throw new IllegalArgumentException("augmentation must be given (Augmentation.NONE for none)");
        }
        if (schedule == null) {
            throw new IllegalArgumentException("schedule must be given");
        }
        if (!(detailSigma == 0 || (detailSigma >= 0.5 && detailSigma <= 8))) {
            throw new IllegalArgumentException("detailSigma must be 0 or in [0.5, 8], got " + detailSigma);
        }
        if (!(fineDetailSigma == 0 || (fineDetailSigma >= 0.5 && fineDetailSigma <= 8))) {
            throw new IllegalArgumentException("fineDetailSigma must be 0 or in [0.5, 8], got " + fineDetailSigma);
        }
        if (flipViews != 1 && flipViews != 2 && flipViews != 4) {
            throw new IllegalArgumentException("flipViews must be 1, 2 or 4, got " + flipViews);
        }
        if (!(gemPower == 0 || (gemPower >= 1 && gemPower <= 8))) {
            throw new IllegalArgumentException("gemPower must be 0 or in [1, 8], got " + gemPower);
        }
        if (fineDetailSigma > 0 && inputSize % 2 != 0) {
            throw new IllegalArgumentException("fine detail channels need an even inputSize, got " + inputSize);
        }
        if (fineDetailSigma > 0 && augmentation.resamples()) {
            throw new IllegalArgumentException("fine detail channels follow flips, brightness and contrast only: "
                    + "the augmentation must not rotate, shift or blur, got " + augmentation);
        }
    }

    /**
     * 20 epochs, batches of 16, learning rate 0.008 warmed up then annealed along a cosine, seed 42,
     * patience 10, width 1, 64×64 with a stride-1 first convolution, {@link Augmentation#DEFAULT}, detail
     * channels with a blur sigma of 2 pixels. Chosen by measurement on the default synthetic set
     * (docs/benchmarks.md, "Trainers side by side"): without the detail channels the network sat at
     * chance for several epochs before learning in a burst, and its test AUROC moved by 0.035 between
     * trainer seeds (0.925-0.960); with them it learns from the second or third epoch. The peak rate
     * of 0.004, chosen before them, left the validation AUROC still climbing at the last epoch: 0.008
     * scored 0.971-0.975 on three trainer seeds against 0.955-0.964, for the same CPU time. A fixed
     * rate of 0.01 never learns. Then ("Generalised mean, a strided second block and flip views" there): a
     * generalised mean of power 3 instead of the max in the embedding, the second convolution strided instead
     * of the first block's max pool, and the exported model averaged over 4 flip views together took the
     * separate test set from 0.971-0.975 (mean 0.973) to 0.982-0.984 (mean 0.983) on trainer seeds 42, 13 and
     * 7 (one PyTorch thread), every defect type up or level, for about 10% less training CPU; the views cost 4
     * network passes per image when serving. Moving averages of the weights, focal loss and up-weighting
     * the hardest good parts did not help.
     */
    public static CnnParams defaults() {
        return new CnnParams(20, 16, 8e-3, 42, 10, 1.0, 64, 1, Augmentation.DEFAULT, Schedule.COSINE, 2, 0, 3, 4, 2);
    }

    public CnnParams withMaxEpochs(int v) {
        return new CnnParams(v, batchSize, learningRate, seed, patience, widthMultiplier, inputSize, stemStride, augmentation, schedule, detailSigma, fineDetailSigma, gemPower, flipViews, secondStride);
    }

    public CnnParams withBatchSize(int v) {
        return new CnnParams(maxEpochs, v, learningRate, seed, patience, widthMultiplier, inputSize, stemStride, augmentation, schedule, detailSigma, fineDetailSigma, gemPower, flipViews, secondStride);
    }

    public CnnParams withLearningRate(double v) {
        return new CnnParams(maxEpochs, batchSize, v, seed, patience, widthMultiplier, inputSize, stemStride, augmentation, schedule, detailSigma, fineDetailSigma, gemPower, flipViews, secondStride);
    }

    public CnnParams withSeed(long v) {
        return new CnnParams(maxEpochs, batchSize, learningRate, v, patience, widthMultiplier, inputSize, stemStride, augmentation, schedule, detailSigma, fineDetailSigma, gemPower, flipViews, secondStride);
    }

    public CnnParams withPatience(int v) {
        return new CnnParams(maxEpochs, batchSize, learningRate, seed, v, widthMultiplier, inputSize, stemStride, augmentation, schedule, detailSigma, fineDetailSigma, gemPower, flipViews, secondStride);
    }

    public CnnParams withWidthMultiplier(double v) {
        return new CnnParams(maxEpochs, batchSize, learningRate, seed, patience, v, inputSize, stemStride, augmentation, schedule, detailSigma, fineDetailSigma, gemPower, flipViews, secondStride);
    }

    public CnnParams withInputSize(int v) {
        return new CnnParams(maxEpochs, batchSize, learningRate, seed, patience, widthMultiplier, v, stemStride, augmentation, schedule, detailSigma, fineDetailSigma, gemPower, flipViews, secondStride);
    }

    public CnnParams withStemStride(int v) {
        return new CnnParams(maxEpochs, batchSize, learningRate, seed, patience, widthMultiplier, inputSize, v, augmentation, schedule, detailSigma, fineDetailSigma, gemPower, flipViews, secondStride);
    }

    public CnnParams withAugmentation(Augmentation v) {
        return new CnnParams(maxEpochs, batchSize, learningRate, seed, patience, widthMultiplier, inputSize, stemStride, v, schedule, detailSigma, fineDetailSigma, gemPower, flipViews, secondStride);
    }

    public CnnParams withSchedule(Schedule v) {
        return new CnnParams(maxEpochs, batchSize, learningRate, seed, patience, widthMultiplier, inputSize, stemStride, augmentation, v, detailSigma, fineDetailSigma, gemPower, flipViews, secondStride);
    }

    public CnnParams withDetailSigma(double v) {
        return new CnnParams(maxEpochs, batchSize, learningRate, seed, patience, widthMultiplier, inputSize, stemStride, augmentation, schedule, v, fineDetailSigma, gemPower, flipViews, secondStride);
    }

    public CnnParams withFineDetailSigma(double v) {
        return new CnnParams(maxEpochs, batchSize, learningRate, seed, patience, widthMultiplier, inputSize, stemStride, augmentation, schedule, detailSigma, v, gemPower, flipViews, secondStride);
    }

    public CnnParams withGemPower(double v) {
        return new CnnParams(maxEpochs, batchSize, learningRate, seed, patience, widthMultiplier, inputSize, stemStride, augmentation, schedule, detailSigma, fineDetailSigma, v, flipViews, secondStride);
    }

    public CnnParams withFlipViews(int v) {
        return new CnnParams(maxEpochs, batchSize, learningRate, seed, patience, widthMultiplier, inputSize, stemStride, augmentation, schedule, detailSigma, fineDetailSigma, gemPower, v, secondStride);
    }

    public CnnParams withSecondStride(int v) {
        return new CnnParams(maxEpochs, batchSize, learningRate, seed, patience, widthMultiplier, inputSize, stemStride, augmentation, schedule, detailSigma, fineDetailSigma, gemPower, flipViews, v);
    }

    /** The side the convolutions read: {@link #inputSize()}, or half of it with fine detail channels. */
    public int networkSize() {
        return fineDetailSigma > 0 ? inputSize / 2 : inputSize;
    }

    /** Output channels of each convolution block: {@link #BASE_CHANNELS} times the width multiplier. */
    public int[] channels() {
        int[] c = new int[BASE_CHANNELS.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = Math.max(1, (int) Math.round(BASE_CHANNELS[i] * widthMultiplier));
        }
        return c;
    }

    private static void range(String name, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", got " + v);
        }
    }
}
