package dev.loupe.serve.codec;

import dev.loupe.core.inference.DataType;
import dev.loupe.core.inference.Tensor;
import dev.loupe.serve.ServeException;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The raw tensor layout shared by the binary tensor data extension (REST) and gRPC's
 * {@code raw_input_contents}/{@code raw_output_contents}: elements little-endian, row-major, no
 * padding; BOOL one byte 0/1; a BYTES element is a 4-byte little-endian unsigned length followed by
 * that many bytes.
 */
public final class RawTensors {
    private RawTensors() {
    }

    /**
     * A tensor from its raw bytes.
     *
     * @throws ServeException bad request when the size does not match the shape and type
     */
    public static Tensor read(String name, DataType type, long[] shape, ByteBuffer raw) {
        long count = count(name, shape);
        ByteBuffer b = raw.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (type != DataType.BYTES) {
            long expected = count * type.bytes;
            if (b.remaining() != expected) {
                throw ServeException.badRequest("input '" + name + "': shape " + Arrays.toString(shape) + " of " + type
                        + " needs " + expected + " bytes of data, got " + b.remaining());
            }
            return new Tensor.Numeric(type, shape, b);
        }
        List<byte[]> elements = new ArrayList<>();
        while (b.hasRemaining()) {
            if (b.remaining() < 4) {
                throw ServeException.badRequest("input '" + name + "': BYTES data ends inside an element's 4-byte length");
            }
            long len = b.getInt() & 0xffffffffL;
            if (len > b.remaining()) {
                throw ServeException.badRequest("input '" + name + "': BYTES element " + elements.size() + " claims "
                        + len + " bytes but only " + b.remaining() + " remain");
            }
            byte[] e = new byte[(int) len];
            b.get(e);
            elements.add(e);
        }
        if (elements.size() != count) {
            throw ServeException.badRequest("input '" + name + "': shape " + Arrays.toString(shape) + " needs "
                    + count + " BYTES elements, got " + elements.size());
        }
        return new Tensor.Bytes(shape, elements);
    }

    /** The raw bytes of a tensor. */
    public static byte[] write(Tensor t) {
        return switch (t) {
            case Tensor.Numeric n -> {
                ByteBuffer d = n.data().duplicate();
                byte[] out = new byte[d.remaining()];
                d.get(out);
                yield out;
            }
            case Tensor.Bytes b -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteBuffer len = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
                for (byte[] e : b.elements()) {
                    len.clear();
                    len.putInt(e.length);
                    out.write(len.array(), 0, 4);
                    out.writeBytes(e);
                }
                yield out.toByteArray();
            }
        };
    }

    /**
     * Elements of a shape.
     *
     * @throws ServeException bad request for a negative dimension or a shape too large to hold
     */
    public static long count(String name, long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw ServeException.badRequest("input '" + name + "': shape " + Arrays.toString(shape) + " has a negative dimension");
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw ServeException.badRequest("input '" + name + "': shape " + Arrays.toString(shape) + " is too large");
            }
        }
        if (n > Integer.MAX_VALUE) {
            throw ServeException.badRequest("input '" + name + "': shape " + Arrays.toString(shape) + " is too large");
        }
        return n;
    }
}
