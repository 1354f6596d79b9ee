package dev.loupe.serve.model;

import dev.loupe.core.decision.DecisionPolicy;
import dev.loupe.core.inference.TinyOnnx;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.model.TestDescriptors;
import dev.loupe.core.model.TestGraphs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ModelFilesTest {

    @TempDir
    Path tmp;

    static void close(ModelFiles.Loaded loaded) throws Exception {
        for (AutoCloseable c : loaded.owned()) {
            c.close();
        }
    }

    @Test
    void load_packageDirectory_namedByDescriptor_withPolicyApplied() throws Exception {
        Path dir = tmp.resolve("pkg");
        ModelPackage.of(TestDescriptors.grayscale(4, 4, 0.6), TestGraphs.meanSigmoid(1)).writeDirectory(dir);
        ModelFiles.Loaded loaded = ModelFiles.load(ModelFiles.Spec.parse(dir.toString()), p -> DecisionPolicy.threshold(0.9));
        try {
            assertThat(loaded.served().name()).isEqualTo("tiny");
            assertThat(loaded.served().labels()).containsExactly("ok", "defect");
            assertThat(loaded.served().image()).hasValueSatisfying(m -> assertThat(m.policy().threshold()).isEqualTo(0.9));
        } finally {
            close(loaded);
        }
    }

    @Test
    void load_packageZip_withName() throws Exception {
        Path zip = tmp.resolve("covers.zip");
        ModelPackage.of(TestDescriptors.grayscale(4, 4, 0.6), TestGraphs.meanSigmoid(1)).writeZip(zip);
        ModelFiles.Loaded loaded = ModelFiles.load(ModelFiles.Spec.parse("covers=" + zip), p -> p);
        try {
            assertThat(loaded.served().name()).isEqualTo("covers");
            assertThat(loaded.served().image()).hasValueSatisfying(m -> assertThat(m.policy().threshold()).isEqualTo(0.6));
        } finally {
            close(loaded);
        }
    }

    @Test
    void load_bareOnnx_namedByFile_withoutDescriptor() throws Exception {
        Path onnx = Files.write(tmp.resolve("relu-neg.onnx"), TinyOnnx.reluAndNeg());
        ModelFiles.Loaded loaded = ModelFiles.load(ModelFiles.Spec.parse(onnx.toString()), p -> p);
        try {
            assertThat(loaded.served().name()).isEqualTo("relu-neg");
            assertThat(loaded.served().version()).isEqualTo("1");
            assertThat(loaded.served().image()).isEmpty();
            assertThat(loaded.served().labels()).isEmpty();
        } finally {
            close(loaded);
        }
    }
}
