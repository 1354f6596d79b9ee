package dev.loupe.core.inference;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * A tensor as it crosses Loupe's boundaries (protocols, the runtime): element type, shape, data.
 * Numeric data is raw little-endian bytes in row-major order, the layout of the Open Inference
 * Protocol's binary extension, so it moves between HTTP, gRPC and ONNX Runtime without conversion.
 */
public sealed interface Tensor {

    DataType type();

    long[] shape();

    /** Number of elements the shape describes. */
    default long elementCount() {
        long n = 1;
        for (long d : shape()) {
            n *= d;
        }
        return n;
    }

    /** A numeric (or boolean) tensor. {@code data} is read-only, little-endian, position 0. */
    record Numeric(DataType type, long[] shape, ByteBuffer data) implements Tensor {
        public Numeric {
            if (type == DataType.BYTES) {
                throw new IllegalArgumentException("BYTES tensors are Tensor.Bytes");
            }
            long expected = Tensor.count(shape) * type.bytes;
            if (data.remaining() != expected) {
                throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " and type " + type
                        + " needs " + expected + " bytes, got " + data.remaining());
            }
            shape = shape.clone();
            data = data.slice().order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        }

        /** The elements as floats (FP32 only). */
        public float[] floats() {
            if (type != DataType.FP32) {
                throw new IllegalStateException("tensor is " + type + ", not FP32");
            }
            float[] out = new float[(int) elementCount()];
            data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            return out;
        }
    }

    /** A tensor of byte strings (OIP {@code BYTES}): encoded images, text. */
    record Bytes(long[] shape, List<byte[]> elements) implements Tensor {
        public Bytes {
            shape = shape.clone();
            elements = List.copyOf(elements);
            if (elements.size() != Tensor.count(shape)) {
                throw new IllegalArgumentException("BYTES tensor of shape " + Arrays.toString(shape) + " needs "
                        + Tensor.count(shape) + " elements, got " + elements.size());
            }
        }

        @Override
        public DataType type() {
            return DataType.BYTES;
        }
    }

    /**
     * An FP32 tensor from floats, in a direct buffer: the form ONNX Runtime reads without a copy, which
     * matters for the preprocessed images that take this way on every request.
     */
    static Numeric ofFloats(float[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocateDirect(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer f = b.asFloatBuffer();
        f.put(values);
        return new Numeric(DataType.FP32, shape, b);
    }

    static long count(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }
}
