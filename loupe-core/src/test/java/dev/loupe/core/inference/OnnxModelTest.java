package dev.loupe.core.inference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OnnxModelTest {

    private OnnxModel model;

    @BeforeEach
    void load() throws InferenceException {
        model = OnnxModel.load(TinyOnnx.reluAndNeg(), 1);
    }

    @AfterEach
    void close() {
        model.close();
    }

    @Test
    void specs_describeInputsAndOutputs() {
        assertThat(model.inputs()).containsExactly(new TensorSpec("x", DataType.FP32, new long[]{-1, 3}));
        assertThat(model.outputs()).extracting(TensorSpec::name).containsExactly("y", "z");
    }

    @Test
    void run_noOutputsRequested_returnsAll() throws InferenceException {
        Map<String, Tensor> out = model.run(Map.of("x", Tensor.ofFloats(new float[]{-1, 0, 2, 3, -4, 5}, 2, 3)), Set.of());
        assertThat(out).containsOnlyKeys("y", "z");
        assertThat(((Tensor.Numeric) out.get("y")).floats()).containsExactly(0, 0, 2, 3, 0, 5);
        assertThat(((Tensor.Numeric) out.get("z")).floats()).containsExactly(1, -0f, -2, -3, 4, -5);
        assertThat(out.get("y").shape()).containsExactly(2, 3);
    }

    @Test
    void run_oneOutputRequested_returnsOnlyIt() throws InferenceException {
        Map<String, Tensor> out = model.run(Map.of("x", Tensor.ofFloats(new float[]{1, 2, 3}, 1, 3)), Set.of("z"));
        assertThat(out).containsOnlyKeys("z");
    }

    @Test
    void run_wrongShape_isClientError() {
        assertThatThrownBy(() -> model.run(Map.of("x", Tensor.ofFloats(new float[]{1, 2, 3, 4}, 1, 4)), Set.of()))
                .isInstanceOf(InferenceException.class)
                .hasMessageContaining("has shape [1, 4], the model takes [-1, 3]")
                .matches(e -> ((InferenceException) e).isClientError());
    }

    @Test
    void run_wrongType_isClientError() {
        var ints = new Tensor.Numeric(DataType.INT32, new long[]{1, 3},
                java.nio.ByteBuffer.allocate(12).order(java.nio.ByteOrder.LITTLE_ENDIAN));
        assertThatThrownBy(() -> model.run(Map.of("x", ints), Set.of()))
                .hasMessageContaining("must be FP32, got INT32");
    }

    @Test
    void run_unknownInputOrOutput_namesWhatTheModelHas() {
        assertThatThrownBy(() -> model.run(Map.of("image", Tensor.ofFloats(new float[]{1, 2, 3}, 1, 3)), Set.of()))
                .hasMessageContaining("unknown input 'image'");
        assertThatThrownBy(() -> model.run(Map.of("x", Tensor.ofFloats(new float[]{1, 2, 3}, 1, 3)), Set.of("score")))
                .hasMessageContaining("unknown output 'score'");
    }

    @Test
    void load_garbage_isClientError() {
        assertThatThrownBy(() -> OnnxModel.load("not a model".getBytes(), 1))
                .isInstanceOf(InferenceException.class).hasMessageStartingWith("not a loadable ONNX model");
    }

    @Test
    void tensor_wrongByteCount_isRejected() {
        assertThatThrownBy(() -> new Tensor.Numeric(DataType.FP32, new long[]{2, 2}, java.nio.ByteBuffer.allocate(12)))
                .hasMessageContaining("needs 16 bytes, got 12");
    }
}
