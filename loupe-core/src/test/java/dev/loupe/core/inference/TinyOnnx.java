package dev.loupe.core.inference;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes tiny ONNX models for tests, protobuf-encoded by hand (field numbers from onnx.proto), so the
 * runtime can be tested without any model file: {@code y = Relu(x)} and {@code z = Neg(x)} over
 * FP32 [N, 3], and {@code y = Identity(x)} over [N, 3] of any element type. Public for the test-jar:
 * the prediction server's tests serve these models.
 */
public final class TinyOnnx {
    private TinyOnnx() {
    }

    public static byte[] reluAndNeg() {
        byte[] relu = msg(str(1, "x"), str(2, "y"), str(4, "Relu"));
        byte[] neg = msg(str(1, "x"), str(2, "z"), str(4, "Neg"));
        byte[] graph = msg(field(1, relu), field(1, neg), str(2, "tiny"),
                field(11, valueInfo("x")), field(12, valueInfo("y")), field(12, valueInfo("z")));
        byte[] opset = msg(str(1, ""), varint(2, 13));
        return msg(varint(1, 8), str(2, "loupe-test"), field(7, graph), field(8, opset));
    }

    /** {@code y = Identity(x)} over [N, 3] tensors of {@code type}. */
    public static byte[] identity(DataType type) {
        byte[] node = msg(str(1, "x"), str(2, "y"), str(4, "Identity"));
        int elem = onnxElemType(type);
        byte[] graph = msg(field(1, node), str(2, "identity"), field(11, valueInfo("x", elem)), field(12, valueInfo("y", elem)));
        byte[] opset = msg(str(1, ""), varint(2, 13));
        return msg(varint(1, 8), str(2, "loupe-test"), field(7, graph), field(8, opset));
    }

    private static int onnxElemType(DataType type) {
        // TensorProto.DataType in onnx.proto
        return switch (type) {
            case FP32 -> 1;
            case UINT8 -> 2;
            case INT8 -> 3;
            case UINT16 -> 4;
            case INT16 -> 5;
            case INT32 -> 6;
            case INT64 -> 7;
            case BYTES -> 8;
            case BOOL -> 9;
            case FP16 -> 10;
            case FP64 -> 11;
            case UINT32 -> 12;
            case UINT64 -> 13;
        };
    }

    private static byte[] valueInfo(String name) {
        return valueInfo(name, 1); // elem_type 1 = FLOAT
    }

    private static byte[] valueInfo(String name, int elemType) {
        byte[] batch = msg(str(2, "N"));
        byte[] three = msg(varint(1, 3));
        byte[] shape = msg(field(1, batch), field(1, three));
        byte[] tensorType = msg(varint(1, elemType), field(2, shape));
        byte[] type = msg(field(1, tensorType));
        return msg(str(1, name), field(2, type));
    }

    /** Protobuf encoding, shared by the tests that hand-build ONNX graphs. */
    public static byte[] msg(byte[]... fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] f : fields) {
            out.writeBytes(f);
        }
        return out.toByteArray();
    }

    /** Protobuf encoding, shared by the tests that hand-build ONNX graphs. */
    public static byte[] varint(int field, long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeVarint(out, ((long) field << 3));
        writeVarint(out, value);
        return out.toByteArray();
    }

    /** Protobuf encoding, shared by the tests that hand-build ONNX graphs. */
    public static byte[] str(int field, String s) {
        return field(field, s.getBytes(StandardCharsets.UTF_8));
    }

    /** Protobuf encoding, shared by the tests that hand-build ONNX graphs. */
    public static byte[] field(int field, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeVarint(out, ((long) field << 3) | 2);
        writeVarint(out, payload.length);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static void writeVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
