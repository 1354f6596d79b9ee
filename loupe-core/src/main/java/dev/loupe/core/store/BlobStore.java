package dev.loupe.core.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Content-addressed storage for images, model files and reports.
 *
 * <p>Contract, for every adapter:
 * <ul>
 *   <li>{@link #put} streams its input (memory use does not grow with the blob's size), returns the
 *       SHA-256 of the bytes, and is atomic: until it returns, no reader can see the blob, and a crash
 *       or an exception from the input leaves nothing visible. Putting bytes already stored is a no-op.</li>
 *   <li>{@link #open} streams the blob and verifies it: if the stored bytes no longer hash to the id, the
 *       stream throws {@link BlobIntegrityException} at end of data, so a reader never silently accepts
 *       corrupted content.</li>
 *   <li>Implementations are safe for concurrent use by many threads. The caller closes the store.</li>
 * </ul>
 */
public interface BlobStore extends AutoCloseable {

    /** Stores the stream's bytes (read to end, not closed) and returns their id. */
    BlobId put(InputStream in) throws IOException;

    default BlobId put(byte[] bytes) {
        try {
            return put(new java.io.ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    default BlobId put(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return put(in);
        }
    }

    /**
     * Opens the blob for reading; the caller closes the stream.
     *
     * @throws NoSuchBlobException if there is no such blob
     */
    InputStream open(BlobId id) throws IOException;

    default byte[] read(BlobId id) throws IOException {
        try (InputStream in = open(id)) {
            return in.readAllBytes();
        }
    }

    /**
     * Reads {@code length} bytes of a blob from {@code offset}: one image of a pack of logged images, say.
     * The bytes are not verified against the blob's id (that needs the whole blob); a caller that knows
     * what the range should hash to checks it.
     *
     * @throws NoSuchBlobException if there is no such blob
     * @throws java.io.EOFException if the blob ends before {@code offset + length}
     */
    default byte[] readRange(BlobId id, long offset, int length) throws IOException {
        requireRange(offset, length);
        try (InputStream in = open(id)) {
            in.skipNBytes(offset);
            byte[] out = in.readNBytes(length);
            if (out.length < length) {
                throw new java.io.EOFException("blob " + id + " ends before byte " + (offset + length));
            }
            return out;
        }
    }

    /** Refuses a negative offset or length, for every adapter's {@link #readRange}. */
    static void requireRange(long offset, int length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("bad range: offset " + offset + ", length " + length);
        }
    }

    boolean exists(BlobId id) throws IOException;

    /** Size in bytes; throws {@link NoSuchBlobException} when absent. */
    long size(BlobId id) throws IOException;

    /** Every stored blob, in id order. */
    List<BlobId> list() throws IOException;

    /** Deletes the blob; returns false when there was none. */
    boolean delete(BlobId id) throws IOException;

    /** Where the blobs live, for humans ({@code file:/...}, {@code s3://bucket/prefix}). */
    String location();

    @Override
    void close();
}
