package dev.loupe.core.dataset;

import java.util.List;
import java.util.Optional;

/**
 * Dataset versions and their samples in the metadata store (the bytes live in the blob store).
 * Versions are immutable: saving a version whose name and id exist is a no-op.
 */
public interface DatasetRepository {

    /** Saves a version with its samples, atomically; returns false when it already existed. */
    boolean save(DatasetVersion version, List<Sample> samples);

    /**
     * The version a reference names: the exact one, or the newest of that name; an id prefix is accepted.
     *
     * @throws IllegalArgumentException when an id prefix matches more than one version of the name
     */
    Optional<DatasetVersion> resolve(DatasetRef ref);

    /** Every version, newest first. */
    List<DatasetVersion> list();

    /** The versions of one dataset name, newest first. */
    List<DatasetVersion> list(String name);

    /** The samples of a version, in path order. */
    List<Sample> samples(DatasetVersion version);
}
