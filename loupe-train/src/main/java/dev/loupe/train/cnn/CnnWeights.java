package dev.loupe.train.cnn;

import java.util.List;

/**
 * A trained CNN's parameters as plain arrays, with batch normalisation already folded into the
 * convolutions: everything {@link OnnxExporter} needs, and nothing that holds native memory.
 *
 * <p>The network: when {@link #detailSigma()} is positive, the input's channels followed by its detail
 * channels, {@code DetailChannels.GAIN · (x − blur(x))} with a separable Gaussian blur of that sigma
 * (zero padding), so the first convolution takes twice the input channels (plus 4 fine detail planes when
 * {@link #fineDetailSigma()} is positive, the rest then at half the input's side); then for each convolution,
 * {@code Conv 3×3 (pad 1, its stride) → ReLU → MaxPool 2×2 (stride 2)}, the max pool only when the convolution
 * says {@link Convolution#pooled()};
 * then the embedding {@code [global average pool ‖ global max pool]} (or the generalised mean
 * of {@link #gemPower()} instead of the max) of the last block (so
 * {@link #embeddingSize()} is twice its channels); then {@code score = sigmoid(embedding · headWeight + headBias)}.
 *
 * @param inputChannels C of the input, 1 or 3
 * @param inputSize     H = W of the input
 * @param convolutions  the convolution blocks, input side first
 * @param headWeight    the classifier's weights, one per embedding feature
 * @param headBias      the classifier's bias
 * @param detailSigma   sigma in pixels of the detail channels' blur; 0 for none (raw channels only)
 * @param fineDetailSigma sigma in input pixels of the fine detail channels' blur ({@link FineDetail}); 0 for none.
 *                      When positive the network first halves the input by a 2×2 average, computes the detail
 *                      channels at that size, and reads 4 fine detail planes after them
 * @param gemPower      0, or the exponent p of the generalised mean {@code (mean max(x, 1e-6)^p)^(1/p)} that takes the
 *                      global max pool's place in the embedding
 */
public record CnnWeights(int inputChannels, int inputSize, List<Convolution> convolutions, float[] headWeight,
                         float headBias, double detailSigma, double fineDetailSigma, double gemPower) {

    /** Weights of a network without detail channels. */
    public CnnWeights(int inputChannels, int inputSize, List<Convolution> convolutions, float[] headWeight, float headBias) {
        this(inputChannels, inputSize, convolutions, headWeight, headBias, 0, 0, 0);
    }

    /** Weights of a network without fine detail channels. */
    public CnnWeights(int inputChannels, int inputSize, List<Convolution> convolutions, float[] headWeight, float headBias,
                      double detailSigma) {
        this(inputChannels, inputSize, convolutions, headWeight, headBias, detailSigma, 0, 0);
    }

    /** Weights of a network whose embedding takes each map's max (no generalised mean). */
    public CnnWeights(int inputChannels, int inputSize, List<Convolution> convolutions, float[] headWeight, float headBias,
                      double detailSigma, double fineDetailSigma) {
        this(inputChannels, inputSize, convolutions, headWeight, headBias, detailSigma, fineDetailSigma, 0);
    }

    /** Channels the first convolution reads: the image's, its detail channels', the fine detail planes. */
    static int networkChannels(int inputChannels, double detailSigma, double fineDetailSigma) {
        return inputChannels + (detailSigma > 0 ? inputChannels : 0) + (fineDetailSigma > 0 ? FineDetail.PLANES : 0);
    }

    /** The side the first convolution reads: the input's, or half of it with fine detail channels. */
    public int networkSize() {
        return fineDetailSigma > 0 ? inputSize / 2 : inputSize;
    }

    public CnnWeights {
        convolutions = List.copyOf(convolutions);
        if (convolutions.isEmpty()) {
            throw new IllegalArgumentException("a CNN needs at least one convolution");
        }
        if (!(detailSigma >= 0)) {
            throw new IllegalArgumentException("detailSigma must be >= 0, got " + detailSigma);
        }
        if (!(fineDetailSigma >= 0)) {
            throw new IllegalArgumentException("fineDetailSigma must be >= 0, got " + fineDetailSigma);
        }
        if (!(gemPower == 0 || gemPower >= 1)) {
            throw new IllegalArgumentException("gemPower must be 0 or >= 1, got " + gemPower);
        }
        if (fineDetailSigma > 0 && inputSize % 2 != 0) {
            throw new IllegalArgumentException("fine detail channels need an even inputSize, got " + inputSize);
        }
        int in = networkChannels(inputChannels, detailSigma, fineDetailSigma);
        for (Convolution c : convolutions) {
            if (c.inChannels() != in) {
                throw new IllegalArgumentException("convolution takes " + c.inChannels() + " channels, gets " + in);
            }
            in = c.outChannels();
        }
        if (headWeight.length != 2 * in) {
            throw new IllegalArgumentException("head needs " + 2 * in + " weights, got " + headWeight.length);
        }
    }

    /** Length D of the {@code embedding} output. */
    public int embeddingSize() {
        return headWeight.length;
    }

    /**
     * One convolution with its batch normalisation folded in, followed by a ReLU and, when {@code pooled}, a 2×2 max pool.
     *
     * @param stride the step between output pixels, in input pixels (1 or 2), both ways
     * @param weight {@code [out, in, kernel, kernel]} row-major
     * @param bias   {@code [out]}
     * @param pooled whether a max pool (2×2, stride 2) follows the ReLU
     */
    public record Convolution(int inChannels, int outChannels, int kernel, int stride, float[] weight, float[] bias,
                              boolean pooled) {

        /** A convolution followed by a max pool. */
        public Convolution(int inChannels, int outChannels, int kernel, int stride, float[] weight, float[] bias) {
            this(inChannels, outChannels, kernel, stride, weight, bias, true);
        }

        public Convolution {
            if (stride != 1 && stride != 2) {
                throw new IllegalArgumentException("stride must be 1 or 2, got " + stride);
            }
            if (weight.length != outChannels * inChannels * kernel * kernel || bias.length != outChannels) {
                throw new IllegalArgumentException("convolution " + inChannels + "->" + outChannels + " (" + kernel + "x"
                        + kernel + ") has " + weight.length + " weights and " + bias.length + " biases");
            }
        }
    }
}
