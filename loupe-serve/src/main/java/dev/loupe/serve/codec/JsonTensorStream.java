package dev.loupe.serve.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.core.inference.DataType;
import dev.loupe.core.inference.Tensor;
import dev.loupe.serve.ServeException;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link JsonTensors#read} without the tree: reads a {@code data} array straight from the parser into
 * the tensor's bytes, when the input's datatype and shape came before its data (as clients write them).
 * A 48x192 RGB image is 27,648 numbers; building a JSON tree of them first costs as much as the model.
 * Same rules and messages as {@link JsonTensors}.
 */
public final class JsonTensorStream {
    private JsonTensorStream() {
    }

    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /**
     * Reads the array the parser is on (its current token is {@code START_ARRAY}), nested or flat.
     *
     * @throws ServeException bad request naming the first element that does not fit
     */
    public static Tensor read(JsonParser p, String name, DataType type, long[] shape) throws IOException {
        long count = RawTensors.count(name, shape);
        ByteBuffer b = type == DataType.BYTES ? null : ByteBuffer.allocate((int) (count * type.bytes)).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> strings = type == DataType.BYTES ? new ArrayList<>((int) count) : null;
        int depth = 1;
        int i = 0;
        while (depth > 0) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw ServeException.badRequest("malformed JSON: input '" + name + "': \"data\" ends early");
            }
            if (t == JsonToken.START_ARRAY) {
                depth++;
                continue;
            }
            if (t == JsonToken.END_ARRAY) {
                depth--;
                continue;
            }
            if (i >= count) {
                throw ServeException.badRequest("input '" + name + "': shape " + Arrays.toString(shape) + " needs "
                        + count + " elements, \"data\" has more");
            }
            if (type == DataType.BYTES) {
                if (t != JsonToken.VALUE_STRING) {
                    throw element(p, name, i, type);
                }
                strings.add(p.getText().getBytes(StandardCharsets.UTF_8));
            } else {
                put(p, t, b, type, name, i);
            }
            i++;
        }
        if (i != count) {
            throw ServeException.badRequest("input '" + name + "': shape " + Arrays.toString(shape) + " needs "
                    + count + " elements, \"data\" has " + i);
        }
        if (strings != null) {
            return new Tensor.Bytes(shape, strings);
        }
        b.flip();
        return new Tensor.Numeric(type, shape, b);
    }

    private static void put(JsonParser p, JsonToken t, ByteBuffer b, DataType type, String name, int i) throws IOException {
        boolean integral = t == JsonToken.VALUE_NUMBER_INT;
        switch (type) {
            case BOOL -> {
                if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
                    throw element(p, name, i, type);
                }
                b.put((byte) (t == JsonToken.VALUE_TRUE ? 1 : 0));
            }
            case FP16, FP32, FP64 -> {
                if (!integral && t != JsonToken.VALUE_NUMBER_FLOAT) {
                    throw element(p, name, i, type);
                }
                switch (type) {
                    case FP16 -> b.putShort(Float.floatToFloat16(p.getFloatValue()));
                    case FP32 -> b.putFloat(p.getFloatValue());
                    default -> b.putDouble(p.getDoubleValue());
                }
            }
            default -> {
                if (!integral) {
                    throw element(p, name, i, type);
                }
                if (type == DataType.UINT64) {
                    BigInteger x = p.getBigIntegerValue();
                    if (x.signum() < 0 || x.compareTo(UINT64_MAX) > 0) {
                        throw range(p, name, i, type);
                    }
                    b.putLong(x.longValue());
                    return;
                }
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw range(p, name, i, type);
                }
                long x = p.getLongValue();
                switch (type) {
                    case INT8 -> b.put((byte) within(p, x, Byte.MIN_VALUE, Byte.MAX_VALUE, name, i, type));
                    case UINT8 -> b.put((byte) within(p, x, 0, 0xff, name, i, type));
                    case INT16 -> b.putShort((short) within(p, x, Short.MIN_VALUE, Short.MAX_VALUE, name, i, type));
                    case UINT16 -> b.putShort((short) within(p, x, 0, 0xffff, name, i, type));
                    case INT32 -> b.putInt((int) within(p, x, Integer.MIN_VALUE, Integer.MAX_VALUE, name, i, type));
                    case UINT32 -> b.putInt((int) within(p, x, 0, 0xffffffffL, name, i, type));
                    case INT64 -> b.putLong(x);
                    default -> throw new IllegalStateException("unhandled " + type);
                }
            }
        }
    }

    private static long within(JsonParser p, long x, long min, long max, String name, int i, DataType type) throws IOException {
        if (x < min || x > max) {
            throw range(p, name, i, type);
        }
        return x;
    }

    private static ServeException element(JsonParser p, String name, int i, DataType type) throws IOException {
        JsonNode v = p.readValueAsTree();
        return JsonTensors.element(name, i, v, type);
    }

    private static ServeException range(JsonParser p, String name, int i, DataType type) throws IOException {
        return ServeException.badRequest("input '" + name + "': element " + i + " (" + p.getText() + ") is out of range for " + type);
    }
}
