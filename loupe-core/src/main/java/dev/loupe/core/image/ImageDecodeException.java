package dev.loupe.core.image;

/** Bytes that are not a readable image: truncated, corrupt, or not an image format Loupe reads. */
public class ImageDecodeException extends Exception {
    public ImageDecodeException(String message) {
        super(message);
    }

    public ImageDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
