package dev.loupe.serve;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;

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
        byte[] b = png.clone();
        ByteBuffer.wrap(b, 16, 4).putInt(width); // IHDR data starts at 16: width, height
        CRC32 crc = new CRC32();
        crc.update(b, 12, 17); // chunk type + 13 bytes of IHDR data
        ByteBuffer.wrap(b, 29, 4).putInt((int) crc.getValue());
        return b;
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
