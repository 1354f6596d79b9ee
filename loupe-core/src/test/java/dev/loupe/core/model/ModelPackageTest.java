package dev.loupe.core.model;

import dev.loupe.core.store.BlobId;
import dev.loupe.core.store.file.FileBlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelPackageTest {

    @TempDir
    Path dir;

    private final ModelPackage pkg = ModelPackage.of(TestDescriptors.grayscale(16, 16, 0.5), TestGraphs.meanSigmoid(1));

    @Test
    void directoryRoundTrip_keepsIdentity() throws IOException {
        pkg.writeDirectory(dir.resolve("pkg"));
        ModelPackage back = ModelPackage.read(dir.resolve("pkg"));
        assertThat(back.sha256()).isEqualTo(pkg.sha256());
        assertThat(back.descriptor()).isEqualTo(pkg.descriptor());
        assertThat(back.onnx()).isEqualTo(pkg.onnx());
    }

    @Test
    void zipRoundTrip_keepsIdentity() throws IOException {
        pkg.writeZip(dir.resolve("m.zip"));
        assertThat(ModelPackage.read(dir.resolve("m.zip")).sha256()).isEqualTo(pkg.sha256());
    }

    @Test
    void store_blobIdIsThePackageIdentity() throws IOException {
        try (FileBlobStore blobs = new FileBlobStore(dir.resolve("blobs"))) {
            BlobId id = pkg.store(blobs);
            assertThat(id.sha256()).isEqualTo(pkg.sha256());
            assertThat(ModelPackage.load(blobs, id).descriptor()).isEqualTo(pkg.descriptor());
        }
    }

    @Test
    void sha256_changesWithTheDescriptor() {
        assertThat(pkg.withDescriptor(pkg.descriptor().withThreshold(0.7)).sha256()).isNotEqualTo(pkg.sha256());
    }

    @Test
    void read_directoryWithoutDescriptor_saysWhatIsMissing() throws IOException {
        Files.createDirectories(dir.resolve("bare"));
        Files.write(dir.resolve("bare/model.onnx"), pkg.onnx());
        assertThatThrownBy(() -> ModelPackage.read(dir.resolve("bare")))
                .isInstanceOf(ModelPackageException.class).hasMessageContaining("loupe-model.json");
    }

    @Test
    void read_fileThatIsNoZip_saysSoRatherThanNamingMissingEntries() throws IOException {
        Files.writeString(dir.resolve("part.png"), "\u0089PNG not a zip");
        assertThatThrownBy(() -> ModelPackage.read(dir.resolve("part.png")))
                .isInstanceOf(ModelPackageException.class).hasMessageContaining("neither a zip nor a directory")
                .hasMessageNotContaining("model.onnx");
    }

    @Test
    void fromZip_emptyZip_namesTheMissingEntry() throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        new java.util.zip.ZipOutputStream(bytes).close();
        assertThatThrownBy(() -> ModelPackage.fromZip(bytes.toByteArray()))
                .isInstanceOf(ModelPackageException.class).hasMessageContaining("the zip has no model.onnx");
    }
}
