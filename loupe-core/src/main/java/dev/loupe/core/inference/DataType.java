package dev.loupe.core.inference;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;

import java.util.Optional;

/**
 * Tensor element types, named as the Open Inference Protocol names them, with their size in bytes
 * (0 for {@link #BYTES}, whose elements are variable-length byte strings).
 */
public enum DataType {
    BOOL(1), UINT8(1), UINT16(2), UINT32(4), UINT64(8), INT8(1), INT16(2), INT32(4), INT64(8),
    FP16(2), FP32(4), FP64(8), BYTES(0);

    public final int bytes;

    DataType(int bytes) {
        this.bytes = bytes;
    }

    /** The type of an OIP datatype name, empty when the name is not one. */
    public static Optional<DataType> fromName(String name) {
        for (DataType t : values()) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    static DataType of(TensorInfo info) {
        return switch (info.onnxType) {
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL -> BOOL;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8 -> UINT8;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT16 -> UINT16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT32 -> UINT32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT64 -> UINT64;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8 -> INT8;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16 -> INT16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32 -> INT32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 -> INT64;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16 -> FP16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> FP32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE -> FP64;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING -> BYTES;
            default -> throw new IllegalArgumentException("unsupported ONNX element type " + info.onnxType);
        };
    }

    OnnxJavaType javaType() {
        return switch (this) {
            case BOOL -> OnnxJavaType.BOOL;
            case UINT8 -> OnnxJavaType.UINT8;
            case INT8 -> OnnxJavaType.INT8;
            case INT16 -> OnnxJavaType.INT16;
            case INT32 -> OnnxJavaType.INT32;
            case INT64 -> OnnxJavaType.INT64;
            case FP16 -> OnnxJavaType.FLOAT16;
            case FP32 -> OnnxJavaType.FLOAT;
            case FP64 -> OnnxJavaType.DOUBLE;
            case BYTES -> OnnxJavaType.STRING;
            case UINT16, UINT32, UINT64 -> throw new IllegalArgumentException(
                    "ONNX Runtime's Java API cannot create " + this + " tensors");
        };
    }
}
