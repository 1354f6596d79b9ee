package dev.loupe.serve.infer;

import dev.loupe.core.inference.DataType;
import dev.loupe.core.inference.Tensor;
import dev.loupe.serve.ServeException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The classification extension (Triton's {@code extension_classification.md}): instead of a score
 * tensor, the top-k classes of each row as BYTES strings {@code "<value>:<index>[:<label>]"}, highest
 * value first. The last dimension is the class dimension; a tensor [B, C] becomes [B, k], a tensor [C]
 * becomes [k]. k larger than the number of classes gives every class.
 *
 * <p>A label is added only where the model says what the output's indices mean ({@link
 * dev.loupe.serve.model.ServedModel#classLabels}): a package's score output with one column per label. A
 * one-column sigmoid score has a single index, 0, that is not a class (Triton, given no label file, also
 * answers {@code "value:index"}); the decision for that score is {@code /inspect}'s.
 */
final class Classification {
    private Classification() {
    }

    /** The labels of an output's indices, given its name and the size of its class dimension; empty for none. */
    interface Labels {
        List<String> of(String outputName, long classes);
    }

    static Tensor topK(String outputName, Tensor scores, int k, Labels labelsOf) {
        if (!(scores instanceof Tensor.Numeric n) || n.type() == DataType.BOOL) {
            throw ServeException.badRequest("classification needs a numeric output; '" + outputName + "' is " + scores.type());
        }
        long[] shape = n.shape();
        if (shape.length == 0) {
            throw ServeException.badRequest("classification needs an output with a class dimension; '" + outputName + "' is a scalar");
        }
        int classes = (int) shape[shape.length - 1];
        int rows = classes == 0 ? 0 : (int) (n.elementCount() / classes);
        int kept = Math.min(k, classes);
        List<String> labels = labelsOf.of(outputName, classes);
        double[] values = doubles(n);
        List<byte[]> out = new ArrayList<>(rows * kept);
        for (int r = 0; r < rows; r++) {
            int base = r * classes;
            int[] order = IntStream.range(0, classes).boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> values[base + i]).reversed())
                    .limit(kept).mapToInt(Integer::intValue).toArray();
            for (int i : order) {
                String s = format(n.type(), values[base + i]) + ":" + i + (i < labels.size() ? ":" + labels.get(i) : "");
                out.add(s.getBytes(StandardCharsets.UTF_8));
            }
        }
        long[] outShape = Arrays.copyOf(shape, shape.length);
        outShape[outShape.length - 1] = kept;
        return new Tensor.Bytes(outShape, out);
    }

    private static String format(DataType type, double v) {
        return switch (type) {
            case FP32, FP16 -> Float.toString((float) v);
            case FP64 -> Double.toString(v);
            default -> Long.toString((long) v);
        };
    }

    private static double[] doubles(Tensor.Numeric n) {
        ByteBuffer b = n.data().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[(int) n.elementCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (n.type()) {
                case FP32 -> b.getFloat();
                case FP64 -> b.getDouble();
                case FP16 -> Float.float16ToFloat(b.getShort());
                case INT8 -> b.get();
                case UINT8 -> b.get() & 0xff;
                case INT16 -> b.getShort();
                case UINT16 -> b.getShort() & 0xffff;
                case INT32 -> b.getInt();
                case UINT32 -> b.getInt() & 0xffffffffL;
                case INT64, UINT64 -> b.getLong();
                case BOOL, BYTES -> throw new IllegalStateException("not numeric: " + n.type());
            };
        }
        return out;
    }
}
