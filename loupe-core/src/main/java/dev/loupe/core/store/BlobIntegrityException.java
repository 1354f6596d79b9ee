package dev.loupe.core.store;

import java.io.IOException;

/** Thrown when a blob's stored bytes no longer hash to its id (bit rot, tampering, a torn write). */
public class BlobIntegrityException extends IOException {
    public BlobIntegrityException(BlobId expected, String actualSha256) {
        super("blob " + expected + " is corrupt: its content hashes to sha256:" + actualSha256);
    }
}
