package dev.loupe.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Descriptors for tests: every field set, so round trips cover the whole format. */
public final class TestDescriptors {
    private TestDescriptors() {
    }

    /** A grayscale W x H model with input {@code image}, outputs {@code score} and {@code embedding}. */
    public static ModelDescriptor grayscale(int width, int height, double threshold) {
        return new ModelDescriptor("tiny", List.of("ok", "defect"), "defect",
                new ModelDescriptor.Input("image", width, height, ModelDescriptor.Colour.GRAYSCALE,
                        ModelDescriptor.Normalisation.unit(1)),
                "score", Optional.of("embedding"), threshold, Optional.of(new ModelDescriptor.ReviewBand(0.4, 0.7)),
                new ModelDescriptor.Lineage("covers@abcd1234", "test", Map.of("lr", "0.01", "epochs", "3"), 42,
                        "deadbeef", Map.of("onnxruntime", "1.24.2", "java", "21")),
                Map.of("validation.auroc", 0.97, "validation.recall", 0.9),
                Instant.parse("2025-01-02T03:04:05Z"));
    }
}
