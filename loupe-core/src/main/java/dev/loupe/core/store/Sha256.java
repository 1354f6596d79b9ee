package dev.loupe.core.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 digests; every JDK ships the algorithm, so its absence is a broken runtime. */
public final class Sha256 {
    private Sha256() {
    }

    /** Looked up once: {@code MessageDigest.getInstance} walks the security providers on every call. */
    private static final MessageDigest PROTOTYPE;

    static {
        try {
            PROTOTYPE = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    /** A fresh SHA-256 digest (a clone of one looked up once), for one thread. */
    public static MessageDigest newDigest() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException never) {
                throw new IllegalStateException("this JDK has no SHA-256", never);
            }
        }
    }

    public static BlobId of(byte[] bytes) {
        return BlobId.fromDigest(newDigest().digest(bytes));
    }
}
