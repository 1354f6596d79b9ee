package dev.loupe.data.imports;

import java.io.IOException;

/**
 * An import source that exists but holds no image file in the layout it was read as (an empty folder, a manifest
 * without a row naming an image): nothing to import, which a caller can tell apart from a source it could not read.
 */
public final class NoImageFilesException extends IOException {
    public NoImageFilesException(String message) {
        super(message);
    }
}
