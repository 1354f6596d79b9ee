package dev.loupe.core.image;

/**
 * An image Loupe recognises but does not read (a GIF, a multi-page TIFF): not corrupt, just not a PNG, JPEG,
 * BMP or single-page TIFF.
 */
public class UnsupportedImageException extends ImageDecodeException {
    public UnsupportedImageException(String message) {
        super(message);
    }
}
