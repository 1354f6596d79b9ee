package dev.loupe.serve;

import dev.loupe.core.image.BrokenImages;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** Encoded test images: plain grey PNGs, and broken ones. */
public final class TestImages {
    private TestImages() {
    }

    /** A w x h grayscale PNG of one grey level. */
    public static byte[] grayPng(int w, int h, int level) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        int[] values = new int[w * h];
        Arrays.fill(values, level);
        img.getRaster().setSamples(0, 0, w, h, 0, values);
        return png(img);
    }

    public static byte[] png(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A PNG whose header claims a width other than its data holds (with a valid header checksum). */
    public static byte[] pngClaimingWidth(byte[] png, int width) {
        return BrokenImages.pngClaimingSize(png, width, ByteBuffer.wrap(png, 20, 4).getInt()); // IHDR: width, height
    }

    /** The bytes with noise written over the middle (the signature and trailer stay). */
    public static byte[] corrupt(byte[] png) {
        byte[] b = png.clone();
        for (int i = 40; i < b.length - 16; i++) {
            b[i] = (byte) (i * 31);
        }
        return b;
    }
}
