package dev.loupe.store.s3;

import dev.loupe.core.store.BlobId;
import dev.loupe.core.store.StoreException;

/**
 * Where blobs live in an object store: a bucket and a key prefix, written {@code s3://bucket/prefix}.
 * A blob's key is {@code <prefix>/blobs/ab/cd/<sha256>}, so several Loupe installations can share a
 * bucket under different prefixes.
 *
 * @param bucket the bucket name
 * @param prefix the key prefix without leading or trailing slashes; empty for the bucket's root
 */
public record S3Location(String bucket, String prefix) {

    public S3Location {
        if (bucket == null || bucket.isBlank() || bucket.contains("/")) {
            throw new StoreException("not an S3 bucket name: '" + bucket + "'");
        }
        prefix = prefix == null ? "" : strip(prefix);
    }

    /**
     * Parses {@code s3://bucket} or {@code s3://bucket/some/prefix}.
     *
     * @throws StoreException when the URL is not of that form
     */
    public static S3Location parse(String url) {
        if (url == null || !url.startsWith("s3://")) {
            throw new StoreException("not an S3 URL (expected s3://BUCKET/PREFIX): " + url);
        }
        String rest = url.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        if (bucket.isEmpty()) {
            throw new StoreException("the S3 URL names no bucket (expected s3://BUCKET/PREFIX): " + url);
        }
        return new S3Location(bucket, slash < 0 ? "" : rest.substring(slash + 1));
    }

    /** The common prefix of every blob key, ending in {@code /}. */
    public String blobsPrefix() {
        return prefix.isEmpty() ? "blobs/" : prefix + "/blobs/";
    }

    /** The object key of a blob. */
    public String key(BlobId id) {
        return blobsPrefix() + id.shard() + "/" + id.sha256();
    }

    @Override
    public String toString() {
        return prefix.isEmpty() ? "s3://" + bucket : "s3://" + bucket + "/" + prefix;
    }

    private static String strip(String p) {
        int from = 0;
        int to = p.length();
        while (from < to && p.charAt(from) == '/') {
            from++;
        }
        while (to > from && p.charAt(to - 1) == '/') {
            to--;
        }
        return p.substring(from, to);
    }
}
