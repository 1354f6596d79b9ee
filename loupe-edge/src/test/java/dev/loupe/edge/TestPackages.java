package dev.loupe.edge;

import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.model.TestDescriptors;
import dev.loupe.core.model.TestGraphs;

import java.util.Optional;

/**
 * Model packages for tests: the score is sigmoid(mean gray level in [0, 1]), so a synthetic frame
 * scores about 0.6 to 0.7 and darker parts score lower.
 */
public final class TestPackages {
    private TestPackages() {
    }

    public static ModelPackage covers(String name, double threshold, Optional<ModelDescriptor.ReviewBand> band) {
        ModelDescriptor d = TestDescriptors.grayscale(32, 32, threshold);
        return ModelPackage.of(new ModelDescriptor(name, d.labels(), d.positive(), d.input(), d.scoreOutput(),
                d.embeddingOutput(), threshold, band, d.lineage(), d.metrics(), d.createdAt()), TestGraphs.meanSigmoid(1));
    }
}
