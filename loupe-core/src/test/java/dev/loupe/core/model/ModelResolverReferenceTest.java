package dev.loupe.core.model;

import dev.loupe.core.store.file.FileBlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** References from the network never name a file: {@link ModelResolver#resolveReference}. */
class ModelResolverReferenceTest {
    @TempDir
    Path dir;

    @Test
    void resolveReference_anExistingPath_isRefusedWithoutReadingIt() throws Exception {
        Path file = Files.writeString(dir.resolve("secret.txt"), "not for callers");
        try (FileBlobStore blobs = new FileBlobStore(dir.resolve("blobs"))) {
            ModelResolver resolver = new ModelResolver(Optional.empty(), blobs);
            for (String ref : new String[]{file.toString(), "../../etc/passwd", dir.toString()}) {
                assertThatThrownBy(() -> resolver.resolveReference(ref)).as(ref)
                        .isInstanceOf(ModelPackageException.class).hasMessageContaining("paths are not accepted");
            }
        }
    }

    @Test
    void resolveReference_unknownBlob_saysSo() throws Exception {
        try (FileBlobStore blobs = new FileBlobStore(dir.resolve("blobs"))) {
            ModelResolver resolver = new ModelResolver(Optional.empty(), blobs);
            assertThatThrownBy(() -> resolver.resolveReference("sha256:" + "a".repeat(64)))
                    .isInstanceOf(ModelPackageException.class).hasMessageContaining("no model package");
        }
    }
}
