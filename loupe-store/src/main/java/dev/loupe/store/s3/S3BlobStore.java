package dev.loupe.store.s3;

import dev.loupe.core.store.BlobId;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.NoSuchBlobException;
import dev.loupe.core.store.Sha256;
import dev.loupe.core.store.StoreException;
import dev.loupe.core.store.VerifyingInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Blobs as objects in an S3-compatible store, at {@code <prefix>/blobs/ab/cd/<sha256>}.
 *
 * <p>A put streams its input into a spool file while hashing it (the key depends on the hash, which is
 * known only at the end), then uploads the file to its final key with {@link S3Upload}: S3 shows an
 * object only once its upload completes, so readers see the whole blob or none, and a crash mid-put
 * leaves nothing visible. Memory use does not depend on the blob's size. Reads stream from the
 * response and are verified against the id.
 *
 * <p>Thread-safe (the SDK client is). The store owns its client and closes it in {@link #close()}.
 * Failures of the object store surface as {@link IOException}s with a one-line message.
 */
public final class S3BlobStore implements BlobStore {

    /** Incomplete multipart uploads under the prefix older than this are aborted on open. */
    static final Duration STALE_UPLOAD_AGE = Duration.ofDays(1);

    private final S3Client s3;
    private final S3Location where;
    private final Path spoolDir;
    private final int listPageSize;

    /**
     * Takes ownership of the client. Does not check the bucket; {@link #open} does.
     *
     * @param spoolDir where puts spool their input (java.io.tmpdir by default); must exist
     */
    public S3BlobStore(S3Client s3, S3Location where, Path spoolDir) {
        this(s3, where, spoolDir, 1000);
    }

    /** @param listPageSize keys per ListObjectsV2 request (S3 returns at most 1,000) */
    S3BlobStore(S3Client s3, S3Location where, Path spoolDir, int listPageSize) {
        this.s3 = s3;
        this.where = where;
        this.spoolDir = spoolDir;
        this.listPageSize = listPageSize;
    }

    /**
     * Connects, checks that the bucket exists and the credentials may use it, and aborts stale
     * incomplete uploads left by crashed writers.
     *
     * @throws StoreException with a one-line reason: endpoint unreachable, bucket missing, access denied
     */
    public static S3BlobStore open(S3Location where, S3Connection connection) {
        return open(where, connection, connection.clientBuilder().build());
    }

    /** As {@link #open(S3Location, S3Connection)}, over a client built by the caller (owned from now on). */
    public static S3BlobStore open(S3Location where, S3Connection connection, S3Client client) {
        S3BlobStore store = new S3BlobStore(client, where, Path.of(System.getProperty("java.io.tmpdir")));
        try {
            client.headBucket(b -> b.bucket(where.bucket()));
        } catch (SdkException e) {
            client.close();
            throw new StoreException(S3Errors.describeOpenFailure(e, where, connection), e);
        }
        store.abortStaleUploads(Instant.now().minus(STALE_UPLOAD_AGE));
        return store;
    }

    @Override
    public BlobId put(InputStream in) throws IOException {
        Path spool = Files.createTempFile(spoolDir, "loupe-s3-", ".spool");
        try {
            MessageDigest digest = Sha256.newDigest();
            long size;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(spool), digest)) {
                size = in.transferTo(out);
            }
            BlobId id = BlobId.fromDigest(digest.digest());
            if (exists(id)) {
                return id; // already stored: content addressing makes this a no-op
            }
            S3Upload.upload(s3, where.bucket(), where.key(id), spool, size);
            return id;
        } catch (SdkException e) {
            throw S3Errors.io("put", where, e);
        } catch (UncheckedIOException e) {
            throw e.getCause(); // the spool file could not be re-read for a (retried) request
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    @Override
    public InputStream open(BlobId id) throws IOException {
        try {
            return new VerifyingInputStream(s3.getObject(b -> b.bucket(where.bucket()).key(where.key(id))), id);
        } catch (NoSuchKeyException e) {
            throw new NoSuchBlobException(id, location());
        } catch (SdkException e) {
            throw S3Errors.io("read " + id + " from", where, e);
        }
    }

    /** One ranged GET: only the range travels. */
    @Override
    public byte[] readRange(BlobId id, long offset, int length) throws IOException {
        BlobStore.requireRange(offset, length);
        if (length == 0) {
            if (!exists(id)) {
                throw new NoSuchBlobException(id, location());
            }
            return new byte[0];
        }
        byte[] out;
        try (InputStream in = s3.getObject(b -> b.bucket(where.bucket()).key(where.key(id))
                .range("bytes=" + offset + "-" + (offset + length - 1)))) {
            out = in.readNBytes(length);
        } catch (NoSuchKeyException e) {
            throw new NoSuchBlobException(id, location());
        } catch (S3Exception e) {
            if (e.statusCode() == 416) {
                throw new java.io.EOFException("blob " + id + " ends before byte " + (offset + length));
            }
            throw S3Errors.io("read " + id + " from", where, e);
        } catch (SdkException e) {
            throw S3Errors.io("read " + id + " from", where, e);
        }
        if (out.length < length) {
            throw new java.io.EOFException("blob " + id + " ends before byte " + (offset + length));
        }
        return out;
    }

    @Override
    public boolean exists(BlobId id) throws IOException {
        return head(id).isPresent();
    }

    @Override
    public long size(BlobId id) throws IOException {
        return head(id).orElseThrow(() -> new NoSuchBlobException(id, location())).contentLength();
    }

    @Override
    public List<BlobId> list() throws IOException {
        List<BlobId> ids = new ArrayList<>();
        String prefix = where.blobsPrefix();
        try {
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(where.bucket()).prefix(prefix).maxKeys(listPageSize)).contents()) {
                blobIdOf(o.key().substring(prefix.length())).ifPresent(ids::add);
            }
        } catch (SdkException e) {
            throw S3Errors.io("list", where, e);
        }
        ids.sort(null);
        return ids;
    }

    @Override
    public boolean delete(BlobId id) throws IOException {
        // S3's delete succeeds whether or not the key exists, so ask first to report which it was
        if (!exists(id)) {
            return false;
        }
        try {
            s3.deleteObject(b -> b.bucket(where.bucket()).key(where.key(id)));
            return true;
        } catch (SdkException e) {
            throw S3Errors.io("delete " + id + " from", where, e);
        }
    }

    @Override
    public String location() {
        return where.toString();
    }

    @Override
    public void close() {
        s3.close();
    }

    private Optional<HeadObjectResponse> head(BlobId id) throws IOException {
        try {
            return Optional.of(s3.headObject(b -> b.bucket(where.bucket()).key(where.key(id))));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw S3Errors.io("look up " + id + " in", where, e);
        } catch (SdkException e) {
            throw S3Errors.io("look up " + id + " in", where, e);
        }
    }

    /** {@code ab/cd/<sha256>} with a consistent shard, else empty (a stray key, not ours). */
    static Optional<BlobId> blobIdOf(String relativeKey) {
        String[] parts = relativeKey.split("/", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            BlobId id = BlobId.of(parts[2]);
            return id.shard().equals(parts[0] + "/" + parts[1]) ? Optional.of(id) : Optional.empty();
        } catch (IllegalArgumentException notABlob) {
            return Optional.empty();
        }
    }

    /** Best effort: some S3-compatible servers cannot list uploads, and a put never depends on this. */
    void abortStaleUploads(Instant cutoff) {
        try {
            for (MultipartUpload u : s3.listMultipartUploadsPaginator(b -> b.bucket(where.bucket())
                    .prefix(where.blobsPrefix())).uploads()) {
                if (u.initiated() != null && u.initiated().isBefore(cutoff)) {
                    s3.abortMultipartUpload(b -> b.bucket(where.bucket()).key(u.key()).uploadId(u.uploadId()));
                }
            }
        } catch (SdkException ignored) {
            // the uploads stay until the next open or the bucket's lifecycle rule removes them
        }
    }
}
