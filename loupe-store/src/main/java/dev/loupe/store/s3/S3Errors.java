package dev.loupe.store.s3;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;

/** Turns the SDK's exceptions into one line a user can act on. */
final class S3Errors {
    private S3Errors() {
    }

    /** Why {@code HeadBucket} failed when opening the store. */
    static String describeOpenFailure(SdkException e, S3Location where, S3Connection connection) {
        String at = " at " + connection.describe();
        if (e instanceof NoSuchBucketException) {
            return "S3 bucket '" + where.bucket() + "' does not exist" + at;
        }
        if (e instanceof S3Exception s3) {
            return switch (s3.statusCode()) {
                case 404 -> "S3 bucket '" + where.bucket() + "' does not exist" + at;
                case 401, 403 -> "access denied to S3 bucket '" + where.bucket() + "'" + at
                        + ": check s3.access-key-id and s3.secret-access-key";
                case 301, 307 -> "S3 bucket '" + where.bucket() + "' is in another region than s3.region="
                        + connection.region() + at;
                default -> "S3" + at + " answered HTTP " + s3.statusCode() + " for bucket '" + where.bucket()
                        + "': " + firstLine(s3.awsErrorDetails() == null ? s3.getMessage() : s3.awsErrorDetails().errorMessage());
            };
        }
        if (e instanceof SdkClientException && rootMessage(e).toLowerCase().contains("credentials")) {
            return "no S3 credentials: set s3.access-key-id and s3.secret-access-key, or the AWS_* environment";
        }
        return "cannot reach S3" + at + ": " + rootMessage(e);
    }

    static IOException io(String action, S3Location where, SdkException e) {
        String detail = e instanceof S3Exception s3 && s3.awsErrorDetails() != null
                ? "HTTP " + s3.statusCode() + " " + s3.awsErrorDetails().errorCode() + ": " + firstLine(s3.awsErrorDetails().errorMessage())
                : rootMessage(e);
        return new IOException("cannot " + action + " " + where + ": " + detail, e);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return firstLine(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse(s).strip();
    }
}
