package dev.loupe.core.registry;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelRefTest {

    @Test
    void parse_nameAtAlias_isByAlias() {
        assertThat(ModelRef.parse("defect-cnn@champion")).isEqualTo(new ModelRef.ByAlias("defect-cnn", "champion"));
    }

    @Test
    void parse_nameSlashNumber_isByVersion() {
        assertThat(ModelRef.parse("defect-cnn/3")).isEqualTo(new ModelRef.ByVersion("defect-cnn", 3));
    }

    @Test
    void parse_mlflowModelsUri_isAccepted() {
        assertThat(ModelRef.parse("models:/defect-cnn/3")).isEqualTo(new ModelRef.ByVersion("defect-cnn", 3));
        assertThat(ModelRef.parse("models:/defect-cnn@champion")).isEqualTo(new ModelRef.ByAlias("defect-cnn", "champion"));
    }

    @Test
    void parse_anythingElse_isAPath() {
        assertThat(ModelRef.parse("./defect-cnn/3")).isEqualTo(new ModelRef.ByPath(Path.of("./defect-cnn/3")));
        assertThat(ModelRef.parse("/tmp/models/defect.loupe")).isInstanceOf(ModelRef.ByPath.class);
        assertThat(ModelRef.parse("model-dir")).isInstanceOf(ModelRef.ByPath.class);
        assertThat(ModelRef.parse("/tmp/x/model").name()).isEqualTo("model");
    }

    @Test
    void parse_versionZeroOrBlank_isRejected() {
        assertThatThrownBy(() -> ModelRef.parse("m/0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelRef.parse(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
