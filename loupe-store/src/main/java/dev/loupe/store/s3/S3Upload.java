package dev.loupe.store.s3;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Uploads a spooled file to one key, so that the object appears whole or not at all.
 *
 * <p>S3 makes an object visible only when {@code PutObject} or {@code CompleteMultipartUpload}
 * returns. Files up to one part go up in a single {@code PutObject}; bigger ones as a multipart upload
 * whose parts are read straight from the file (each request body re-opens its slice, so the SDK can
 * retry a part without holding it in memory). Any failure aborts the multipart upload; a process that
 * dies before completing leaves only an incomplete upload, invisible to reads and listings, which
 * {@link S3BlobStore} aborts after a day.
 */
final class S3Upload {

    /** Part size for multipart uploads; S3 wants at least 5 MiB per part and at most 10,000 parts. */
    static final long PART_BYTES = 16L * 1024 * 1024;
    private static final int MAX_PARTS = 10_000;
    private static final String CONTENT_TYPE = "application/octet-stream";

    private S3Upload() {
    }

    static void upload(S3Client s3, String bucket, String key, Path file, long size) {
        long partBytes = Math.max(PART_BYTES, (size + MAX_PARTS - 1) / MAX_PARTS);
        if (size <= partBytes) {
            s3.putObject(b -> b.bucket(bucket).key(key).contentLength(size).contentType(CONTENT_TYPE),
                    RequestBody.fromContentProvider(slice(file, 0, size), size, CONTENT_TYPE));
            return;
        }
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(CONTENT_TYPE)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long offset = 0;
            for (int n = 1; offset < size; n++) {
                long length = Math.min(partBytes, size - offset);
                int partNumber = n;
                UploadPartResponse r = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                                .partNumber(partNumber).contentLength(length),
                        RequestBody.fromContentProvider(slice(file, offset, length), length, CONTENT_TYPE));
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(r.eTag()).build());
                offset += length;
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (SdkException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
    }

    /** A provider of fresh streams over {@code length} bytes of the file from {@code offset}. */
    private static ContentStreamProvider slice(Path file, long offset, long length) {
        return () -> {
            try {
                return new SliceStream(FileChannel.open(file, StandardOpenOption.READ), offset, length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** Reads a slice of a file by positional reads; closing closes the channel. */
    private static final class SliceStream extends InputStream {
        private final FileChannel channel;
        private final long end;
        private long pos;

        SliceStream(FileChannel channel, long offset, long length) {
            this.channel = channel;
            this.pos = offset;
            this.end = offset + length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos >= end) {
                return -1;
            }
            int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - pos)), pos);
            if (n < 0) {
                throw new IOException("spool file shrank while uploading");
            }
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, end - pos);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
