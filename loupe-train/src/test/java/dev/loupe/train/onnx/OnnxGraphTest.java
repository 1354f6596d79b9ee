package dev.loupe.train.onnx;

import dev.loupe.core.inference.OnnxModel;
import dev.loupe.core.inference.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.loupe.train.onnx.OnnxGraph.integer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OnnxGraphTest {

    /** y = sum over axis 1 of (x + c): one input, one initializer, internal names that collide between copies. */
    private static byte[] addThenSum(float c, int opset) {
        return new OnnxGraph("add").input("x", -1, 2)
                .initializer("c", new float[] {c}, 1)
                .node("Add", List.of("x", "c"), "shifted")
                .reduceSum("shifted", "y", true, 1)
                .output("y", -1, 1)
                .toBytes("test", opset, OnnxGraph.IR_VERSION);
    }

    @Test
    void include_twoCopiesUnderPrefixes_runAsOneGraphOnTheMappedInputs() throws Exception {
        byte[] combined = new OnnxGraph("two").input("a", -1, 2).input("b", -1, 2)
                .include(addThenSum(1, OnnxGraph.OPSET), "first/", Map.of("x", "a"))
                .include(addThenSum(10, OnnxGraph.OPSET), "second/", Map.of("x", "b"))
                .node("Concat", List.of("first/y", "second/y"), "both", integer("axis", 1))
                .output("both", -1, 2)
                .toBytes("test");
        try (OnnxModel m = OnnxModel.load(combined, 1)) {
            Map<String, Tensor> out = m.run(Map.of("a", Tensor.ofFloats(new float[] {1, 2}, 1, 2),
                    "b", Tensor.ofFloats(new float[] {3, 4}, 1, 2)), Set.of("both"));
            // (1+1)+(2+1), (3+10)+(4+10)
            assertThat(((Tensor.Numeric) out.get("both")).floats()).containsExactly(5f, 27f);
        }
    }

    @Test
    void include_unmappedInput_isRejected() {
        OnnxGraph g = new OnnxGraph("g").input("a", -1, 2);
        assertThatThrownBy(() -> g.include(addThenSum(1, OnnxGraph.OPSET), "p/", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input 'x' is not mapped");
    }

    @Test
    void include_anotherOpset_isRejected() {
        OnnxGraph g = new OnnxGraph("g").input("a", -1, 2);
        assertThatThrownBy(() -> g.include(addThenSum(1, 16), "p/", Map.of("x", "a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("opset 16");
    }

    @Test
    void include_bytesThatAreNotAModel_areRejected() {
        OnnxGraph g = new OnnxGraph("g");
        assertThatThrownBy(() -> g.include(new byte[] {1, 2, 3}, "p/", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an ONNX model");
    }
}
