package dev.loupe.core.inference;

import java.util.Arrays;

/**
 * A model input or output as the model declares it. A dimension of -1 is free (batch, or a variable
 * image size).
 */
public record TensorSpec(String name, DataType type, long[] shape) {
    public TensorSpec {
        shape = shape.clone();
    }

    /** Whether a concrete shape fits this spec: same rank, every fixed dimension equal. */
    public boolean accepts(long[] concrete) {
        if (concrete.length != shape.length) {
            return false;
        }
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] >= 0 && shape[i] != concrete[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec t && t.name.equals(name) && t.type == type && Arrays.equals(t.shape, shape);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + ":" + type + Arrays.toString(shape);
    }
}
