package dev.loupe.edge.source;

import dev.loupe.core.image.ImageDecodeException;
import dev.loupe.core.image.Images;
import dev.loupe.data.generate.PngEncoder;

import java.awt.image.BufferedImage;
import java.util.Objects;
import java.util.Optional;

/**
 * One image from a source, as encoded bytes, as pixels, or both; the other form is made on first use
 * and kept. Not thread-safe: one pipeline thread handles a capture at a time.
 */
public final class Capture {
    private static final PngEncoder PNG = PngEncoder.fast();

    private final String id;
    private final String ref;
    private final long arrivalNanos;
    private final Optional<String> unreadable;
    private byte[] encoded;
    private BufferedImage image;

    /**
     * @param id           the record id: unique per image, stable across restarts for the same image
     * @param ref          where it came from, for people ({@code folder:0001.png})
     * @param arrivalNanos {@link System#nanoTime()} when the image arrived (latency counts from here)
     */
    public Capture(String id, String ref, long arrivalNanos, byte[] encoded, BufferedImage image) {
        this(id, ref, arrivalNanos, encoded, image, Optional.empty());
        if (encoded == null && image == null) {
            throw new IllegalArgumentException("a capture needs the image's bytes or pixels");
        }
    }

    private Capture(String id, String ref, long arrivalNanos, byte[] encoded, BufferedImage image,
                    Optional<String> unreadable) {
        this.id = Objects.requireNonNull(id, "id");
        this.ref = Objects.requireNonNull(ref, "ref");
        this.arrivalNanos = arrivalNanos;
        this.encoded = encoded;
        this.image = image;
        this.unreadable = unreadable;
    }

    /**
     * An image the source has but cannot read (a file it was refused): it has no bytes, and is decided as a
     * camera failure (review) so that it is recorded once rather than tried forever.
     *
     * @param why what went wrong, for the record's reason
     */
    public static Capture unreadable(String id, String ref, long arrivalNanos, String why) {
        return new Capture(id, ref, arrivalNanos, new byte[0], null, Optional.of(why));
    }

    /** Why the source could not read this image; empty for an image it has. */
    public Optional<String> unreadable() {
        return unreadable;
    }

    public String id() {
        return id;
    }

    public String ref() {
        return ref;
    }

    public long arrivalNanos() {
        return arrivalNanos;
    }

    /** The encoded image (PNG when the source gave pixels). */
    public byte[] encoded() {
        if (encoded == null) {
            encoded = PNG.encode(image);
        }
        return encoded;
    }

    /** The pixels, decoded on first use. */
    public BufferedImage image() throws ImageDecodeException {
        if (image == null) {
            image = Images.decode(encoded);
        }
        return image;
    }
}
