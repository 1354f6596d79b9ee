package dev.loupe.core.image;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * A decoded image and, once asked for, its pixels as packed ARGB ({@link Images#argb}): read from the
 * raster once for everyone on the serving path who needs them, the preprocessor and the per-image
 * statistics ({@link ImageStats#of(DecodedImage)}), instead of once each. Not thread-safe: one image on
 * one thread, as a request's image is.
 */
public final class DecodedImage {
    private final BufferedImage image;
    private int[] argb;

    public DecodedImage(BufferedImage image) {
        this.image = Objects.requireNonNull(image, "image");
    }

    public BufferedImage image() {
        return image;
    }

    public int width() {
        return image.getWidth();
    }

    public int height() {
        return image.getHeight();
    }

    /** The pixels as {@link Images#argb} gives them, read on the first call; do not modify. */
    public int[] argb() {
        if (argb == null) {
            argb = PixelsArgb.of(image);
        }
        return argb;
    }
}
