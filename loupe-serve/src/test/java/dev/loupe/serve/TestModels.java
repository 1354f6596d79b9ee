package dev.loupe.serve;

import dev.loupe.core.inference.DataType;
import dev.loupe.core.inference.InferenceException;
import dev.loupe.core.inference.OnnxModel;
import dev.loupe.core.inference.TinyOnnx;
import dev.loupe.serve.model.ModelRepository;
import dev.loupe.serve.model.ModelFiles;
import dev.loupe.serve.model.ServedModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The models the server tests serve: {@code tiny} (y = Relu(x), z = Neg(x) over FP32 [N, 3], versions
 * 1 and 2) and {@code identity_<type>} (y = x over [N, 3]) for every datatype ONNX Runtime's Java API
 * can feed. Owns the runtimes: close after the server.
 */
public final class TestModels implements AutoCloseable {

    /** Datatypes ONNX Runtime's Java API can create tensors of (it has no unsigned 16/32/64-bit). */
    static final List<DataType> RUNNABLE = List.of(DataType.BOOL, DataType.UINT8, DataType.INT8, DataType.INT16,
            DataType.INT32, DataType.INT64, DataType.FP16, DataType.FP32, DataType.FP64, DataType.BYTES);

    public final List<OnnxModel> runtimes = new ArrayList<>();
    public final List<ServedModel> served = new ArrayList<>();

    public TestModels() throws InferenceException {
        OnnxModel tiny = add(TinyOnnx.reluAndNeg());
        served.add(ModelFiles.served("tiny", "1", tiny));
        served.add(ModelFiles.served("tiny", "2", tiny));
        for (DataType t : RUNNABLE) {
            served.add(ModelFiles.served(identity(t), "1", add(TinyOnnx.identity(t))));
        }
    }

    static String identity(DataType t) {
        return "identity_" + t.name().toLowerCase(Locale.ROOT);
    }

    OnnxModel add(byte[] onnx) throws InferenceException {
        OnnxModel m = OnnxModel.load(onnx, 1);
        runtimes.add(m);
        return m;
    }

    public ModelRepository repository() {
        return ModelRepository.of(served);
    }

    @Override
    public void close() {
        runtimes.forEach(OnnxModel::close);
    }
}
