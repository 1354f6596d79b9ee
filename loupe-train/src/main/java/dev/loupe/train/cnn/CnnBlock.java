package dev.loupe.train.cnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * The CNN as a DJL block: convolution blocks (the first without its max pool when the second convolution strides by
 * 2 instead), the pooled embedding and a one-unit head. It reads the
 * image's channels followed by their detail channels when {@code detailSigma} is positive: those come
 * computed ({@link DetailChannels}), once per training image rather than in every step; the exported
 * graph computes them itself. The embedding is each last feature map's average and its max, or its generalised mean
 * when {@code gemPower} is positive (less swayed than the max by one bright spot, such as glare on a good part).
 * Its forward pass returns {@code [logit (N,1), embedding (N,D)]}, the two things the
 * exported model gives (the ONNX graph adds the sigmoid). {@link #weights} reads the trained parameters out, folded.
 */
final class CnnBlock extends AbstractBlock {

    static final float BATCH_NORM_EPSILON = 1e-5f;
    static final int KERNEL = 3;
    /** Floor of the feature values raised to the generalised mean's power (they are ReLU outputs, so >= 0). */
    static final float GEM_FLOOR = 1e-6f;

    private final SequentialBlock features = new SequentialBlock();
    private final List<Conv2d> convolutions = new ArrayList<>();
    private final List<BatchNorm> norms = new ArrayList<>();
    private final Linear head;

    private final int stemStride;
    private final int secondStride;
    private final double detailSigma;
    private final double fineDetailSigma;
    private final double gemPower;

    /**
     * @param channels    output channels of each convolution block
     * @param stemStride  stride of the first convolution (1, or 2 to halve a large input at full-resolution cost)
     * @param secondStride stride of the second convolution: 2 takes the place of the first block's max pool
     * @param detailSigma sigma in pixels of the blur whose residue the detail channels are; 0 for none
     * @param fineDetailSigma sigma of the fine detail planes' blur ({@link FineDetail}), which the input then has; 0 for none
     * @param gemPower    exponent of the generalised mean that pools the last maps next to their average; 0 for their max
     */
    CnnBlock(int[] channels, int stemStride, int secondStride, double detailSigma, double fineDetailSigma, double gemPower) {
        this.stemStride = stemStride;
        this.secondStride = secondStride;
        this.detailSigma = detailSigma;
        this.fineDetailSigma = fineDetailSigma;
        this.gemPower = gemPower;
        for (int i = 0; i < channels.length; i++) {
            int c = channels[i];
            int stride = stride(i);
            // no convolution bias: the batch norm's beta plays that role (and both fold into one bias)
            Conv2d conv = Conv2d.builder().setKernelShape(new Shape(KERNEL, KERNEL)).optPadding(new Shape(1, 1))
                    .optStride(new Shape(stride, stride)).setFilters(c).optBias(false).build();
            BatchNorm norm = BatchNorm.builder().optEpsilon(BATCH_NORM_EPSILON).build();
            convolutions.add(conv);
            norms.add(norm);
            features.add(conv).add(norm).add(Activation.reluBlock());
            if (pooled(i)) {
                features.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            }
        }
        addChildBlock("features", features);
        head = addChildBlock("head", Linear.builder().setUnits(1).build());
    }

    private int stride(int block) {
        return block == 0 ? stemStride : block == 1 ? secondStride : 1;
    }

    /** Whether a max pool follows the block: always, except the first when the second convolution strides instead. */
    private boolean pooled(int block) {
        return block != 0 || secondStride == 1;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray maps = features.forward(store, inputs, training, params).singletonOrThrow();
        Shape shape = maps.getShape();
        NDArray pixels = maps.reshape(shape.get(0), shape.get(1), -1);
        NDArray embedding = NDArrays.concat(new NDList(pixels.mean(new int[] {2}), peak(pixels)), 1);
        NDArray logit = head.forward(store, new NDList(embedding), training, params).singletonOrThrow();
        return new NDList(logit, embedding);
    }

    /** Each map's max, or its generalised mean {@code (mean max(x, floor)^p)^(1/p)}: (N, C, H·W) to (N, C). */
    private NDArray peak(NDArray pixels) {
        if (gemPower == 0) {
            return pixels.max(new int[] {2});
        }
        float p = (float) gemPower;
        return pixels.maximum(GEM_FLOOR).pow(p).mean(new int[] {2}).pow(1 / p);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape maps = features.getOutputShapes(inputShapes)[0];
        return new Shape[] {new Shape(maps.get(0), 1), new Shape(maps.get(0), 2 * maps.get(1))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        features.initialize(manager, dataType, inputShapes);
        Shape maps = features.getOutputShapes(inputShapes)[0];
        head.initialize(manager, dataType, new Shape(maps.get(0), 2 * maps.get(1)));
    }

    /** Every parameter's values (weights and batch-norm running statistics), in a fixed order. */
    List<float[]> snapshot() {
        List<float[]> values = new ArrayList<>();
        for (Parameter p : getParameters().values()) {
            values.add(p.getArray().toFloatArray());
        }
        return values;
    }

    /** Puts back values taken by {@link #snapshot}. */
    void restore(List<float[]> values) {
        List<Parameter> parameters = getParameters().values();
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).getArray().set(values.get(i));
        }
    }

    /** The trained parameters as plain arrays, each batch norm folded into its convolution. */
    CnnWeights weights(int inputChannels, int inputSize) {
        List<CnnWeights.Convolution> folded = new ArrayList<>();
        int in = CnnWeights.networkChannels(inputChannels, detailSigma, fineDetailSigma);
        for (int i = 0; i < convolutions.size(); i++) {
            float[] w = convolutions.get(i).getParameters().get("weight").getArray().toFloatArray();
            PairList<String, Parameter> bn = norms.get(i).getParameters();
            float[] gamma = bn.get("gamma").getArray().toFloatArray();
            float[] beta = bn.get("beta").getArray().toFloatArray();
            float[] mean = bn.get("runningMean").getArray().toFloatArray();
            float[] var = bn.get("runningVar").getArray().toFloatArray();
            int out = gamma.length;
            int perFilter = w.length / out;
            float[] fw = new float[w.length];
            float[] fb = new float[out];
            // BN(conv(x)) = gamma (W*x - mean) / sqrt(var + eps) + beta = (s W)*x + (beta - s mean)
            for (int o = 0; o < out; o++) {
                double s = gamma[o] / Math.sqrt(var[o] + (double) BATCH_NORM_EPSILON);
                for (int k = 0; k < perFilter; k++) {
                    fw[o * perFilter + k] = (float) (w[o * perFilter + k] * s);
                }
                fb[o] = (float) (beta[o] - s * mean[o]);
            }
            folded.add(new CnnWeights.Convolution(in, out, KERNEL, stride(i), fw, fb, pooled(i)));
            in = out;
        }
        float[] hw = head.getParameters().get("weight").getArray().toFloatArray();
        float hb = head.getParameters().get("bias").getArray().toFloatArray()[0];
        return new CnnWeights(inputChannels, inputSize, folded, hw, hb, detailSigma, fineDetailSigma, gemPower);
    }
}
