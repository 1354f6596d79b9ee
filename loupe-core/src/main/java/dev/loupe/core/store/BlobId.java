package dev.loupe.core.store;

import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The address of a blob: the lowercase hex SHA-256 of its bytes. Validated on construction, so a
 * {@code BlobId} can safely become part of a file path or an object key.
 */
public record BlobId(String sha256) implements Comparable<BlobId> {

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public BlobId {
        if (sha256 == null || !HEX64.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a sha256 blob id (64 lowercase hex digits): " + sha256);
        }
    }

    public static BlobId of(String sha256) {
        return new BlobId(sha256);
    }

    public static BlobId fromDigest(byte[] digest) {
        return new BlobId(HexFormat.of().formatHex(digest));
    }

    /** The first two bytes as directory fan-out, e.g. {@code ab/cd}. */
    public String shard() {
        return sha256.substring(0, 2) + "/" + sha256.substring(2, 4);
    }

    @Override
    public int compareTo(BlobId o) {
        return sha256.compareTo(o.sha256);
    }

    @Override
    public String toString() {
        return "sha256:" + sha256;
    }
}
