package dev.loupe.serve.grpc;

import com.google.protobuf.ByteString;
import dev.loupe.core.inference.DataType;
import dev.loupe.core.inference.Tensor;
import dev.loupe.serve.ServeException;
import dev.loupe.serve.codec.RawTensors;
import dev.loupe.serve.grpc.oip.InferTensorContents;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Tensors to and from gRPC {@code InferTensorContents} (the typed repeated fields, one per datatype
 * family as {@code open_inference_grpc.proto} assigns them). FP16 has no typed field: it travels only
 * as raw contents.
 */
final class ProtoTensors {
    private ProtoTensors() {
    }

    static Tensor read(String name, DataType type, long[] shape, InferTensorContents c) {
        long count = RawTensors.count(name, shape);
        if (type == DataType.BYTES) {
            check(name, type, shape, count, c.getBytesContentsCount());
            List<byte[]> elements = new ArrayList<>((int) count);
            c.getBytesContentsList().forEach(b -> elements.add(b.toByteArray()));
            return new Tensor.Bytes(shape, elements);
        }
        ByteBuffer b = ByteBuffer.allocate((int) (count * type.bytes)).order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case BOOL -> {
                check(name, type, shape, count, c.getBoolContentsCount());
                c.getBoolContentsList().forEach(v -> b.put((byte) (v ? 1 : 0)));
            }
            case INT8, INT16, INT32 -> {
                check(name, type, shape, count, c.getIntContentsCount());
                for (int i = 0; i < count; i++) {
                    long v = c.getIntContents(i);
                    switch (type) {
                        case INT8 -> b.put((byte) within(name, type, i, v, Byte.MIN_VALUE, Byte.MAX_VALUE));
                        case INT16 -> b.putShort((short) within(name, type, i, v, Short.MIN_VALUE, Short.MAX_VALUE));
                        default -> b.putInt((int) v);
                    }
                }
            }
            case UINT8, UINT16, UINT32 -> {
                check(name, type, shape, count, c.getUintContentsCount());
                for (int i = 0; i < count; i++) {
                    long v = Integer.toUnsignedLong(c.getUintContents(i));
                    switch (type) {
                        case UINT8 -> b.put((byte) within(name, type, i, v, 0, 0xff));
                        case UINT16 -> b.putShort((short) within(name, type, i, v, 0, 0xffff));
                        default -> b.putInt((int) v);
                    }
                }
            }
            case INT64 -> {
                check(name, type, shape, count, c.getInt64ContentsCount());
                c.getInt64ContentsList().forEach(b::putLong);
            }
            case UINT64 -> {
                check(name, type, shape, count, c.getUint64ContentsCount());
                c.getUint64ContentsList().forEach(b::putLong);
            }
            case FP32 -> {
                check(name, type, shape, count, c.getFp32ContentsCount());
                c.getFp32ContentsList().forEach(b::putFloat);
            }
            case FP64 -> {
                check(name, type, shape, count, c.getFp64ContentsCount());
                c.getFp64ContentsList().forEach(b::putDouble);
            }
            case FP16 -> throw ServeException.badRequest("input '" + name + "': FP16 has no typed contents field; send it in raw_input_contents");
            case BYTES -> throw new IllegalStateException("handled above");
        }
        b.flip();
        return new Tensor.Numeric(type, shape, b);
    }

    /** The typed contents of a tensor, or empty when its type has no typed field (FP16). */
    static java.util.Optional<InferTensorContents> write(Tensor t) {
        InferTensorContents.Builder c = InferTensorContents.newBuilder();
        if (t instanceof Tensor.Bytes bytes) {
            bytes.elements().forEach(e -> c.addBytesContents(ByteString.copyFrom(e)));
            return java.util.Optional.of(c.build());
        }
        Tensor.Numeric n = (Tensor.Numeric) t;
        ByteBuffer b = n.data().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long count = n.elementCount();
        for (long i = 0; i < count; i++) {
            switch (n.type()) {
                case BOOL -> c.addBoolContents(b.get() != 0);
                case INT8 -> c.addIntContents(b.get());
                case INT16 -> c.addIntContents(b.getShort());
                case INT32 -> c.addIntContents(b.getInt());
                case UINT8 -> c.addUintContents(b.get() & 0xff);
                case UINT16 -> c.addUintContents(b.getShort() & 0xffff);
                case UINT32 -> c.addUintContents(b.getInt());
                case INT64 -> c.addInt64Contents(b.getLong());
                case UINT64 -> c.addUint64Contents(b.getLong());
                case FP32 -> c.addFp32Contents(b.getFloat());
                case FP64 -> c.addFp64Contents(b.getDouble());
                case FP16 -> {
                    return java.util.Optional.empty();
                }
                case BYTES -> throw new IllegalStateException("BYTES is never numeric");
            }
        }
        return java.util.Optional.of(c.build());
    }

    static Tensor readRaw(String name, DataType type, long[] shape, ByteString raw) {
        return RawTensors.read(name, type, shape, raw.asReadOnlyByteBuffer());
    }

    private static void check(String name, DataType type, long[] shape, long count, int given) {
        if (given != count) {
            throw ServeException.badRequest("input '" + name + "': shape " + Arrays.toString(shape) + " needs " + count
                    + " " + type + " elements, contents has " + given);
        }
    }

    private static long within(String name, DataType type, int i, long v, long min, long max) {
        if (v < min || v > max) {
            throw ServeException.badRequest("input '" + name + "': element " + i + " (" + v + ") is out of range for " + type);
        }
        return v;
    }
}
