package dev.loupe.core.monitoring;

import dev.loupe.core.store.BlobId;
import dev.loupe.core.store.BlobIntegrityException;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.core.store.NoSuchBlobException;
import dev.loupe.core.store.Sha256;
import dev.loupe.core.store.file.FileBlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link PackedImages} contract, through {@link LoggedImages} on a file blob store. Every metadata
 * store adapter's test extends this and supplies a fresh, empty, migrated store.
 */
public abstract class LoggedImagesContract {

    protected MetadataStore store;
    private FileBlobStore blobs;
    private LoggedImages images;

    @TempDir
    Path blobDir;

    protected abstract MetadataStore newStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
        blobs = new FileBlobStore(blobDir);
        images = new LoggedImages(blobs, store.packedImages());
    }

    @AfterEach
    void close() {
        store.close();
        blobs.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keep_writesOnePackAndReadsEachImageBack() throws IOException {
        List<BlobId> ids = images.keep(List.of(bytes("first image"), bytes("second"), bytes("first image"), bytes("3")));

        assertThat(ids).containsExactly(Sha256.of(bytes("first image")), Sha256.of(bytes("second")),
                Sha256.of(bytes("first image")), Sha256.of(bytes("3")));
        assertThat(blobs.list()).as("one blob for the batch, duplicates stored once").hasSize(1);
        assertThat(blobs.size(blobs.list().getFirst())).isEqualTo("first imagesecond3".length());
        assertThat(images.read(ids.get(0))).isEqualTo(bytes("first image"));
        assertThat(images.read(ids.get(1))).isEqualTo(bytes("second"));
        assertThat(images.read(ids.get(3))).isEqualTo(bytes("3"));
        assertThat(images.size(ids.get(1))).isEqualTo(6);
    }

    @Test
    void add_imageAlreadyPacked_keepsItsFirstLocation() throws IOException {
        BlobId first = images.keep(List.of(bytes("a"), bytes("shared"))).get(1);
        PackedImages.PackedImage where = store.packedImages().find(first).orElseThrow();

        images.keep(List.of(bytes("shared"), bytes("b")));

        assertThat(store.packedImages().find(first)).contains(where);
        assertThat(images.read(first)).isEqualTo(bytes("shared"));
    }

    @Test
    void read_imageStoredAsItsOwnBlob_readsThatBlob() throws IOException {
        BlobId own = blobs.put(bytes("kept before packs"));
        assertThat(store.packedImages().find(own)).isEmpty();
        assertThat(images.read(own)).isEqualTo(bytes("kept before packs"));
        assertThat(images.size(own)).isEqualTo(17);
    }

    @Test
    void read_unknownImage_isNoSuchBlob() {
        assertThatThrownBy(() -> images.read(Sha256.of(bytes("never kept")))).isInstanceOf(NoSuchBlobException.class);
    }

    @Test
    void read_packChangedOnDisk_isAnIntegrityError() throws IOException {
        BlobId id = images.keep(List.of(bytes("good bytes"))).getFirst();
        BlobId pack = store.packedImages().find(id).orElseThrow().pack();
        Path file = blobDir.resolve("blobs").resolve(pack.shard()).resolve(pack.sha256());
        Files.write(file, bytes("evil bytes"));

        assertThatThrownBy(() -> images.read(id)).isInstanceOf(BlobIntegrityException.class);
    }

    @Test
    void keep_nothing_writesNothing() throws IOException {
        assertThat(images.keep(List.of())).isEmpty();
        assertThat(blobs.list()).isEmpty();
    }
}
