package dev.loupe.core.store;

import java.io.FileNotFoundException;

/** Thrown when a blob that was asked for is not in the store. */
public class NoSuchBlobException extends FileNotFoundException {
    public NoSuchBlobException(BlobId id, String location) {
        super("no blob " + id + " in " + location);
    }
}
