package dev.loupe.data.version;

import dev.loupe.core.dataset.DatasetRef;
import dev.loupe.core.dataset.DatasetRepository;
import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.dataset.Sample;
import dev.loupe.core.dataset.Split;
import dev.loupe.core.image.ImageDecodeException;
import dev.loupe.core.image.Images;
import dev.loupe.core.store.BlobStore;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How every stage reads a dataset version: resolve a reference ({@code NAME}, {@code NAME@ID} or an id
 * prefix), list its samples, read a sample's bytes or decoded image from the blob store.
 *
 * <pre>{@code
 * DatasetCatalog catalog = new DatasetCatalog(metadataStore.datasets(), blobStore);
 * DatasetVersion v = catalog.resolve("parts@3f2a9c01b7de");
 * for (Sample s : catalog.samples(v, Split.TRAIN)) {
 *     if (s.readable()) { BufferedImage img = catalog.image(s); ... s.label() ... }
 * }
 * }</pre>
 *
 * <p>Thread-safe when the repository and blob store are (the provided adapters are). It does not own
 * them: whoever opened the stores closes them.
 */
public final class DatasetCatalog {
    private final DatasetRepository repository;
    private final BlobStore blobs;

    public DatasetCatalog(DatasetRepository repository, BlobStore blobs) {
        this.repository = repository;
        this.blobs = blobs;
    }

    /**
     * The version a reference names.
     *
     * @throws IllegalArgumentException when the reference is malformed or its id prefix is ambiguous
     * @throws UnknownDatasetException  when no version matches
     */
    public DatasetVersion resolve(String ref) {
        return resolve(DatasetRef.parse(ref));
    }

    public DatasetVersion resolve(DatasetRef ref) {
        return repository.resolve(ref).orElseThrow(() -> new UnknownDatasetException(ref));
    }

    /** Every sample of the version, in path order, readable or not. */
    public List<Sample> samples(DatasetVersion version) {
        return repository.samples(version);
    }

    /** The samples of one split, in path order. */
    public List<Sample> samples(DatasetVersion version, Split split) {
        return samples(version).stream().filter(s -> s.split() == split).toList();
    }

    /** Every version, newest first. */
    public List<DatasetVersion> list() {
        return repository.list();
    }

    /** The version and its ancestors, newest first, as far as they are stored. */
    public List<DatasetVersion> lineage(DatasetVersion version) {
        List<DatasetVersion> chain = new ArrayList<>(List.of(version));
        Optional<String> parent = version.parent();
        while (parent.isPresent() && chain.size() < 100) {
            Optional<DatasetVersion> p = repository.resolve(DatasetRef.parse(parent.get()));
            if (p.isEmpty()) {
                break;
            }
            chain.add(p.get());
            parent = p.get().parent();
        }
        return chain;
    }

    /** Streams the sample's file, verified against its hash at end of stream; the caller closes it. */
    public InputStream open(Sample sample) throws IOException {
        return blobs.open(sample.blob());
    }

    /** The sample's file, exactly as imported. */
    public byte[] bytes(Sample sample) throws IOException {
        return blobs.read(sample.blob());
    }

    /** The decoded image (by {@link Images#decode}, as serving decodes). */
    public BufferedImage image(Sample sample) throws IOException, ImageDecodeException {
        return Images.decode(bytes(sample));
    }
}
