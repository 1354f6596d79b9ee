package dev.loupe.data.generate;

import java.awt.image.BufferedImage;

/**
 * One frame from a {@link ProductionLine}: the image the inspection camera took and the factors that
 * made it. The image is a fresh {@code TYPE_INT_RGB} the caller owns and may modify.
 */
public record Frame(Factors factors, BufferedImage image) {

    public long index() {
        return factors.frame();
    }

    /** The image as PNG bytes ({@link PngEncoder#fast()}), exactly as {@code loupe data generate} writes it. */
    public byte[] png() {
        return PngEncoder.fast().encode(image);
    }
}
