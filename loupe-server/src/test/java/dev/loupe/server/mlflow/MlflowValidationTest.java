package dev.loupe.server.mlflow;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MlflowValidationTest {
    @Test
    void normpath_matchesPythonsPosixpath() {
        assertThat(MlflowValidation.normpath("")).isEqualTo(".");
        assertThat(MlflowValidation.normpath("a//b")).isEqualTo("a/b");
        assertThat(MlflowValidation.normpath("a/./b/")).isEqualTo("a/b");
        assertThat(MlflowValidation.normpath("a/../..")).isEqualTo("..");
        assertThat(MlflowValidation.normpath("../../x")).isEqualTo("../../x");
        assertThat(MlflowValidation.normpath("/../x")).isEqualTo("/x");
        assertThat(MlflowValidation.normpath("//x")).isEqualTo("//x");
        assertThat(MlflowValidation.normpath("///x")).isEqualTo("/x");
        assertThat(MlflowValidation.normpath("..x/y")).isEqualTo("..x/y");
    }

    @Test
    void keysLoupeItselfLogs_areAccepted() {
        for (String key : List.of("epoch.validation_auroc", "rule_branch.cnn_weight", "threshold", "seed", "trainer", "dataset")) {
            assertThatCode(() -> MlflowValidation.metricKey(key)).doesNotThrowAnyException();
            assertThatCode(() -> MlflowValidation.param(key, "v")).doesNotThrowAnyException();
        }
        for (String key : List.of("loupe.library.onnxruntime", "loupe.code.version", "mlflow.source.git.commit",
                "loupe.error")) {
            assertThatCode(() -> MlflowValidation.runTag(key, "0123abc")).doesNotThrowAnyException();
        }
    }

    @Test
    void lengthsCountCodePoints_notUtf16Units() {
        String letters = "𝐀".repeat(250); // outside the BMP: two UTF-16 units each, one character
        assertThatCode(() -> MlflowValidation.experimentTag(letters, "v")).doesNotThrowAnyException();
        assertThatThrownBy(() -> MlflowValidation.experimentTag("k", "😀".repeat(5001)))
                .hasMessageEndingWith("had length 5001, which exceeded length limit of 5000");
        assertThat(MlflowValidation.param("k", "😀".repeat(6001))).isEqualTo("😀".repeat(6000));
    }
}
