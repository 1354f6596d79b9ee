package dev.loupe.data.version;

import dev.loupe.core.dataset.DatasetRef;

/** A dataset reference that names no stored version. */
public class UnknownDatasetException extends RuntimeException {
    public UnknownDatasetException(DatasetRef ref) {
        super("no dataset version " + ref + " (see 'loupe data list')");
    }
}
