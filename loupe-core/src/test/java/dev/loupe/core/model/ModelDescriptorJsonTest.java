package dev.loupe.core.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelDescriptorJsonTest {

    @Test
    void writeThenRead_givesEqualDescriptor() {
        ModelDescriptor d = TestDescriptors.grayscale(32, 24, 0.6);
        assertThat(ModelDescriptorJson.read(ModelDescriptorJson.write(d))).isEqualTo(d);
    }

    @Test
    void writeThenRead_rgbWithoutOptionalFields_givesEqualDescriptor() {
        ModelDescriptor g = TestDescriptors.grayscale(8, 8, 0.5);
        ModelDescriptor d = new ModelDescriptor("rgb-model", List.of("defect", "ok"), "defect",
                new ModelDescriptor.Input("x", 48, 192, ModelDescriptor.Colour.RGB,
                        new ModelDescriptor.Normalisation(1 / 255.0, List.of(0.5, 0.5, 0.5), List.of(0.5, 0.25, 0.5))),
                "probs", Optional.empty(), 0.5, Optional.empty(), g.lineage(), g.metrics(), g.createdAt());
        assertThat(ModelDescriptorJson.read(ModelDescriptorJson.write(d))).isEqualTo(d);
    }

    @Test
    void write_usesStableSnakeCaseFieldNames() {
        String json = ModelDescriptorJson.write(TestDescriptors.grayscale(32, 24, 0.6));
        assertThat(json).contains("\"format\" : 1", "\"review_band\"", "\"code_version\" : \"deadbeef\"",
                "\"created_at\" : \"2025-01-02T03:04:05Z\"", "\"colour\" : \"grayscale\"", "\"interpolation\" : \"bilinear\"");
    }

    @Test
    void read_missingThreshold_namesTheField() {
        String json = ModelDescriptorJson.write(TestDescriptors.grayscale(32, 24, 0.6)).replace("\"threshold\"", "\"thresh\"");
        assertThatThrownBy(() -> ModelDescriptorJson.read(json))
                .isInstanceOf(ModelPackageException.class).hasMessageContaining("threshold");
    }

    @Test
    void read_newerFormat_isRefused() {
        String json = ModelDescriptorJson.write(TestDescriptors.grayscale(32, 24, 0.6)).replace("\"format\" : 1", "\"format\" : 99");
        assertThatThrownBy(() -> ModelDescriptorJson.read(json)).hasMessageContaining("format 99");
    }
}
