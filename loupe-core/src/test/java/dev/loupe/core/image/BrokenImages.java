package dev.loupe.core.image;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;

/** Encoded images that lie or break in the ways a decoder must catch, built from small images made here. */
public final class BrokenImages {
    private BrokenImages() {
    }

    /** A w x h JPEG of colour noise (noise, so that its scan is long and a cut lands inside it). */
    public static byte[] noiseJpeg(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, random.nextInt());
            }
        }
        return encode(img, "jpg");
    }

    /** The JPEG cut after {@code keep} bytes, with the end-of-image marker put back after the cut. */
    public static byte[] jpegCutMidScan(byte[] jpeg, int keep) {
        byte[] b = Arrays.copyOf(jpeg, keep + 2);
        b[keep] = (byte) 0xFF;
        b[keep + 1] = (byte) 0xD9;
        return b;
    }

    /** A baseline JPEG whose frame header (SOF0) claims another size than its scan holds. */
    public static byte[] jpegClaimingSize(byte[] jpeg, int w, int h) {
        byte[] b = jpeg.clone();
        for (int i = 2; i + 8 < b.length; i++) {
            if ((b[i] & 0xff) == 0xFF && (b[i + 1] & 0xff) == 0xC0) {
                ByteBuffer.wrap(b, i + 5, 4).putShort((short) h).putShort((short) w); // after length, precision: Y, X
                return b;
            }
        }
        throw new IllegalArgumentException("no SOF0 marker");
    }

    /** A PNG whose header claims another size than its data holds (with a valid header checksum). */
    public static byte[] pngClaimingSize(byte[] png, int w, int h) {
        byte[] b = png.clone();
        ByteBuffer.wrap(b, 16, 8).putInt(w).putInt(h); // IHDR data starts at 16: width, height
        CRC32 crc = new CRC32();
        crc.update(b, 12, 17); // chunk type + 13 bytes of IHDR data
        ByteBuffer.wrap(b, 29, 4).putInt((int) crc.getValue());
        return b;
    }

    public static byte[] encode(BufferedImage img, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalArgumentException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
