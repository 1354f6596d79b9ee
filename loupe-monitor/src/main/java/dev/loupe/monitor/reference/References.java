package dev.loupe.monitor.reference;

import dev.loupe.core.monitoring.MonitoringRepository;
import dev.loupe.core.monitoring.StoredReference;
import dev.loupe.core.store.BlobId;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.StoreException;

import java.io.IOException;
import java.util.Optional;

/** Saves and loads references: the JSON document in the blob store, the pointer row in the metadata store. */
public final class References {
    private final MonitoringRepository repository;
    private final BlobStore blobs;

    public References(MonitoringRepository repository, BlobStore blobs) {
        this.repository = repository;
        this.blobs = blobs;
    }

    public StoredReference save(Reference r) {
        BlobId blob = blobs.put(ReferenceJson.write(r));
        StoredReference stored = new StoredReference(r.model(), r.version(), r.dataset(), blob, r.size(), r.createdAt());
        repository.saveReference(stored);
        return stored;
    }

    /** The reference of a model version, or of the model's newest reference when {@code version} is empty. */
    public Optional<Reference> load(String model, Optional<String> version) {
        Optional<StoredReference> row = version.isPresent()
                ? repository.reference(model, version.get()) : repository.latestReference(model);
        return row.map(this::read);
    }

    private Reference read(StoredReference row) {
        try {
            return ReferenceJson.read(blobs.read(row.blob()));
        } catch (IOException e) {
            throw new StoreException("cannot read the reference of " + row.model() + " " + row.version() + " ("
                    + row.blob() + "): " + e.getMessage(), e);
        }
    }
}
