package dev.loupe.core.image;

/** An image in a format Loupe recognises but does not read (GIF): not corrupt, just not PNG, JPEG or BMP. */
public class UnsupportedImageException extends ImageDecodeException {
    public UnsupportedImageException(String message) {
        super(message);
    }
}
