package dev.loupe.core.store;

import java.util.Collection;
import java.util.Set;

/**
 * Which blobs the metadata still points at. Blobs are content-addressed and shared: an image the
 * prediction log kept may also be a dataset version's sample, a run's artifact or a model's package, so
 * nothing may delete a blob until this says no record refers to it.
 *
 * <p>Adapters check every column of their schema that holds a blob id (the store's tests hold the list to
 * the schema, so a new such column cannot be forgotten here).
 */
public interface BlobReferences {

    /**
     * The ids, of those given, that no record refers to: no logged prediction's image, dataset sample,
     * run artifact, monitoring reference or model version's source. Blobs a record names inside another blob
     * are not looked for: only ids known to be images or packs of images may be asked about.
     */
    Set<BlobId> unreferenced(Collection<BlobId> ids);
}
