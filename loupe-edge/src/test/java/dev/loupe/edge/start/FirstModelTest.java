package dev.loupe.edge.start;

import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.model.ModelPackageException;
import dev.loupe.edge.TestPackages;
import dev.loupe.edge.model.ModelSlots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FirstModelTest {
    @TempDir
    Path dir;

    @Test
    void ofPackage_loadsAndWarmsTheModel_markingEachStep() throws Exception {
        ModelPackage pkg = TestPackages.covers("covers", 0.5, Optional.empty());
        Path zip = dir.resolve("covers.zip");
        pkg.writeZip(zip);
        StartupTimes times = new StartupTimes();
        try (FirstModel first = FirstModel.ofPackage(zip, 1, times)) {
            FirstModel.Ready ready = first.await().orElseThrow();
            try (var classifier = ready.classifier()) {
                assertThat(ready.version()).isEqualTo(pkg.sha256().substring(0, 12));
                assertThat(classifier.classify(new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB)).score()).isEqualTo(0.5);
            }
        }
        assertThat(times.millisFrom(0).keySet()).containsExactly("natives", "model_read", "model_loaded", "model_warm");
    }

    @Test
    void ofPackage_noPackageThere_awaitThrowsThePackageError() throws Exception {
        try (FirstModel first = FirstModel.ofPackage(dir.resolve("missing.zip"), 1, new StartupTimes())) {
            assertThatThrownBy(first::await).isInstanceOf(ModelPackageException.class).hasMessageContaining("no model package");
        }
    }

    @Test
    void ofSlot_nothingInstalled_givesNoModel() throws Exception {
        try (FirstModel first = FirstModel.ofSlot(new ModelSlots(dir.resolve("slots")), 1, new StartupTimes())) {
            assertThat(first.await()).isEmpty();
        }
    }

    @Test
    void loads_onlyTheSamePackageWithTheSameThreads() throws Exception {
        Path zip = dir.resolve("covers.zip");
        TestPackages.covers("covers", 0.5, Optional.empty()).writeZip(zip);
        try (FirstModel first = FirstModel.ofPackage(zip, 1, new StartupTimes())) {
            assertThat(first.loads(zip, 1)).isTrue();
            assertThat(first.loads(zip, 2)).isFalse();
            assertThat(first.loads(dir.resolve("other.zip"), 1)).isFalse();
        }
    }
}
