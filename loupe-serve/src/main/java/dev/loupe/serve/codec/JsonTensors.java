package dev.loupe.serve.codec;

import com.fasterxml.jackson.core.JsonGenerator;
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
 * Tensor data as JSON, per the OIP REST spec's "Tensor Data": a JSON array in row-major order, nested
 * in the tensor's natural shape or flat. Numbers must fit the datatype (an integer type takes only
 * integral values in its range); BOOL takes {@code true}/{@code false}; BYTES takes strings (UTF-8).
 * FP16 travels as JSON numbers, converted to and from IEEE half precision.
 */
public final class JsonTensors {
    private JsonTensors() {
    }

    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /**
     * A tensor from a JSON {@code data} array.
     *
     * @throws ServeException bad request naming the input and the first element that does not fit
     */
    public static Tensor read(String name, DataType type, long[] shape, JsonNode data) {
        long count = RawTensors.count(name, shape);
        if (data == null || !data.isArray()) {
            throw ServeException.badRequest("input '" + name + "': \"data\" must be a JSON array");
        }
        List<JsonNode> flat = new ArrayList<>((int) count);
        flatten(data, flat);
        if (flat.size() != count) {
            throw ServeException.badRequest("input '" + name + "': shape " + Arrays.toString(shape) + " needs "
                    + count + " elements, \"data\" has " + flat.size());
        }
        if (type == DataType.BYTES) {
            List<byte[]> elements = new ArrayList<>(flat.size());
            for (int i = 0; i < flat.size(); i++) {
                JsonNode v = flat.get(i);
                if (!v.isTextual()) {
                    throw element(name, i, v, type);
                }
                elements.add(v.textValue().getBytes(StandardCharsets.UTF_8));
            }
            return new Tensor.Bytes(shape, elements);
        }
        ByteBuffer b = ByteBuffer.allocate((int) (count * type.bytes)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < flat.size(); i++) {
            put(b, type, flat.get(i), name, i);
        }
        b.flip();
        return new Tensor.Numeric(type, shape, b);
    }

    /** Writes a tensor's elements as a flat JSON array. */
    public static void write(JsonGenerator g, Tensor t) throws IOException {
        g.writeStartArray();
        switch (t) {
            case Tensor.Bytes bytes -> {
                for (byte[] e : bytes.elements()) {
                    g.writeString(new String(e, StandardCharsets.UTF_8));
                }
            }
            case Tensor.Numeric n -> {
                ByteBuffer b = n.data().duplicate().order(ByteOrder.LITTLE_ENDIAN);
                long count = n.elementCount();
                for (long i = 0; i < count; i++) {
                    switch (n.type()) {
                        case BOOL -> g.writeBoolean(b.get() != 0);
                        case INT8 -> g.writeNumber(b.get());
                        case UINT8 -> g.writeNumber(b.get() & 0xff);
                        case INT16 -> g.writeNumber(b.getShort());
                        case UINT16 -> g.writeNumber(b.getShort() & 0xffff);
                        case INT32 -> g.writeNumber(b.getInt());
                        case UINT32 -> g.writeNumber(b.getInt() & 0xffffffffL);
                        case INT64 -> g.writeNumber(b.getLong());
                        case UINT64 -> g.writeNumber(new BigInteger(Long.toUnsignedString(b.getLong())));
                        case FP16 -> g.writeNumber(Float.float16ToFloat(b.getShort()));
                        case FP32 -> g.writeNumber(b.getFloat());
                        case FP64 -> g.writeNumber(b.getDouble());
                        case BYTES -> throw new IllegalStateException("BYTES is never numeric");
                    }
                }
            }
        }
        g.writeEndArray();
    }

    private static void flatten(JsonNode node, List<JsonNode> out) {
        if (node.isArray()) {
            for (JsonNode n : node) {
                flatten(n, out);
            }
        } else {
            out.add(node);
        }
    }

    private static void put(ByteBuffer b, DataType type, JsonNode v, String name, int i) {
        switch (type) {
            case BOOL -> {
                if (!v.isBoolean()) {
                    throw element(name, i, v, type);
                }
                b.put((byte) (v.booleanValue() ? 1 : 0));
            }
            case FP16 -> b.putShort(Float.floatToFloat16(number(v, name, i, type).floatValue()));
            case FP32 -> b.putFloat(number(v, name, i, type).floatValue());
            case FP64 -> b.putDouble(number(v, name, i, type).doubleValue());
            case UINT64 -> {
                BigInteger x = integral(v, name, i, type).bigIntegerValue();
                if (x.signum() < 0 || x.compareTo(UINT64_MAX) > 0) {
                    throw range(name, i, v, type);
                }
                b.putLong(x.longValue());
            }
            default -> {
                JsonNode n = integral(v, name, i, type);
                if (!n.canConvertToLong()) {
                    throw range(name, i, v, type);
                }
                long x = n.longValue();
                switch (type) {
                    case INT8 -> b.put((byte) within(x, Byte.MIN_VALUE, Byte.MAX_VALUE, name, i, v, type));
                    case UINT8 -> b.put((byte) within(x, 0, 0xff, name, i, v, type));
                    case INT16 -> b.putShort((short) within(x, Short.MIN_VALUE, Short.MAX_VALUE, name, i, v, type));
                    case UINT16 -> b.putShort((short) within(x, 0, 0xffff, name, i, v, type));
                    case INT32 -> b.putInt((int) within(x, Integer.MIN_VALUE, Integer.MAX_VALUE, name, i, v, type));
                    case UINT32 -> b.putInt((int) within(x, 0, 0xffffffffL, name, i, v, type));
                    case INT64 -> b.putLong(x);
                    default -> throw new IllegalStateException("unhandled " + type);
                }
            }
        }
    }

    private static JsonNode number(JsonNode v, String name, int i, DataType type) {
        if (!v.isNumber()) {
            throw element(name, i, v, type);
        }
        return v;
    }

    private static JsonNode integral(JsonNode v, String name, int i, DataType type) {
        if (!v.isIntegralNumber()) {
            throw element(name, i, v, type);
        }
        return v;
    }

    private static long within(long x, long min, long max, String name, int i, JsonNode v, DataType type) {
        if (x < min || x > max) {
            throw range(name, i, v, type);
        }
        return x;
    }

    static ServeException element(String name, int i, JsonNode v, DataType type) {
        String what = type == DataType.BOOL ? "true or false" : type == DataType.BYTES ? "a string"
                : type.name().startsWith("FP") ? "a number" : "an integer";
        return ServeException.badRequest("input '" + name + "': element " + i + " is " + abbreviate(v)
                + ", but " + type + " data takes " + what);
    }

    private static ServeException range(String name, int i, JsonNode v, DataType type) {
        return ServeException.badRequest("input '" + name + "': element " + i + " (" + abbreviate(v) + ") is out of range for " + type);
    }

    private static String abbreviate(JsonNode v) {
        String s = v.toString();
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
