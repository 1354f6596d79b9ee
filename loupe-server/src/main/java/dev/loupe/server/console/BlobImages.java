package dev.loupe.server.console;

import dev.loupe.core.monitoring.LoggedImages;
import dev.loupe.core.store.BlobId;
import dev.loupe.core.store.NoSuchBlobException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.util.Optional;

/**
 * Serves images from the blob store by id ({@code /blobs/<sha256>}): dataset images, and the images the
 * prediction log kept (in packs, see {@link LoggedImages}). The id is validated as a SHA-256
 * before it reaches the store, and only blobs whose first bytes are an image format's signature are
 * sent (model packages and reports in the same store are not). Blobs never change: cached for a day.
 */
final class BlobImages {
    /** Images of a production line are small; a larger blob is not one of them. */
    static final long MAX_BYTES = 32L << 20;

    private final LoggedImages images;

    BlobImages(LoggedImages images) {
        this.images = images;
    }

    void serve(String id, ServerResponse res) throws IOException {
        BlobId blob;
        try {
            blob = BlobId.of(id);
        } catch (IllegalArgumentException e) {
            res.status(Status.BAD_REQUEST_400).send("not a blob id: 64 lowercase hex digits");
            return;
        }
        byte[] bytes;
        try {
            if (images.size(blob) > MAX_BYTES) {
                res.status(Status.NOT_FOUND_404).send("not an image");
                return;
            }
            bytes = images.read(blob);
        } catch (NoSuchBlobException e) {
            res.status(Status.NOT_FOUND_404).send("no such blob");
            return;
        }
        Optional<String> type = imageType(bytes);
        if (type.isEmpty()) {
            res.status(Status.NOT_FOUND_404).send("not an image");
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, type.get());
        res.header(HeaderNames.CACHE_CONTROL, "max-age=86400, immutable");
        res.header("X-Content-Type-Options", "nosniff");
        res.send(bytes);
    }

    /** The media type from the file's signature: PNG, JPEG, GIF, BMP, WebP, TIFF; empty for anything else. */
    static Optional<String> imageType(byte[] b) {
        if (starts(b, 0x89, 'P', 'N', 'G')) {
            return Optional.of("image/png");
        }
        if (starts(b, 0xFF, 0xD8, 0xFF)) {
            return Optional.of("image/jpeg");
        }
        if (starts(b, 'G', 'I', 'F', '8')) {
            return Optional.of("image/gif");
        }
        if (starts(b, 'B', 'M')) {
            return Optional.of("image/bmp");
        }
        if (starts(b, 'R', 'I', 'F', 'F') && b.length > 12 && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return Optional.of("image/webp");
        }
        if (starts(b, 'I', 'I', 42, 0) || starts(b, 'M', 'M', 0, 42)) {
            return Optional.of("image/tiff");
        }
        return Optional.empty();
    }

    private static boolean starts(byte[] b, int... sig) {
        if (b.length < sig.length) {
            return false;
        }
        for (int i = 0; i < sig.length; i++) {
            if ((b[i] & 0xFF) != sig[i]) {
                return false;
            }
        }
        return true;
    }
}
