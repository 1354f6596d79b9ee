package dev.loupe.core.image;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.LongUnaryOperator;
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

    /** A w x h 8-bit grey image of noise (noise, so that compression keeps its strips long). */
    public static BufferedImage noiseGray(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Random random = new Random(7);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, random.nextInt(256));
            }
        }
        return img;
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

    /**
     * The images as one TIFF, a page each, compressed as named ({@code null}: uncompressed; else one of the JDK
     * writer's types, such as "LZW", "Deflate", "PackBits"), in the byte order given (the JDK writes big-endian
     * by default).
     */
    public static byte[] tiff(List<BufferedImage> pages, String compression, ByteOrder order) {
        return tiff(pages, compression, order, 0, false);
    }

    /** A single-page TIFF in square tiles of {@code tileSide} pixels (the edge tiles overhang the image). */
    public static byte[] tiledTiff(BufferedImage img, String compression, int tileSide) {
        return tiff(List.of(img), compression, ByteOrder.BIG_ENDIAN, tileSide, false);
    }

    /**
     * A single-page TIFF whose samples are stored as differences from the pixel before (Predictor 2, TIFF 6.0
     * section 14), for LZW or Deflate; the JDK writer applies it to 8-bit samples only and writes 1 for others.
     */
    public static byte[] predictedTiff(BufferedImage img, String compression, ByteOrder order) {
        return tiff(List.of(img), compression, order, 0, true);
    }

    /**
     * A single-page TIFF of 16-bit samples stored with Predictor 2 (TIFF 6.0 section 14), as ImageMagick writes a
     * 16-bit Zip TIFF: the JDK writer does not difference 16-bit samples, so each row's samples are differenced
     * here (each channel from the same channel of the pixel before, modulo 2^16), written as they are, and the
     * Predictor tag the writer leaves at 1 set to 2. In tiles ({@code tileSide} > 0) the rows are differenced
     * across the whole image, not per tile: for a file that is to be refused, not read.
     */
    public static byte[] predicted16BitTiff(BufferedImage img, String compression, ByteOrder order, int tileSide) {
        WritableRaster differenced = img.copyData(null);
        int bands = differenced.getNumBands();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = img.getWidth() - 1; x > 0; x--) {
                for (int b = 0; b < bands; b++) {
                    int delta = differenced.getSample(x, y, b) - differenced.getSample(x - 1, y, b);
                    differenced.setSample(x, y, b, delta & 0xffff);
                }
            }
        }
        BufferedImage stored = new BufferedImage(img.getColorModel(), differenced, false, null);
        return tiffWithTag(tiff(List.of(stored), compression, order, tileSide, true), 317, predictor -> 2);
    }

    private static byte[] tiff(List<BufferedImage> pages, String compression, ByteOrder order, int tileSide,
                               boolean predictor) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (compression != null) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionType(compression);
            }
            if (tileSide > 0) {
                param.setTilingMode(ImageWriteParam.MODE_EXPLICIT);
                param.setTiling(tileSide, tileSide, 0, 0);
            }
            // the writer takes its byte order from the stream metadata, not from the stream
            IIOMetadata streamMetadata = writer.getDefaultStreamMetadata(param);
            String format = streamMetadata.getNativeMetadataFormatName();
            IIOMetadataNode root = new IIOMetadataNode(format);
            IIOMetadataNode byteOrder = new IIOMetadataNode("ByteOrder");
            byteOrder.setAttribute("value", order.toString());
            root.appendChild(byteOrder);
            streamMetadata.setFromTree(format, root);
            writer.prepareWriteSequence(streamMetadata);
            for (BufferedImage page : pages) {
                IIOMetadata metadata = null;
                if (predictor) {
                    TIFFDirectory dir = TIFFDirectory.createFromMetadata(
                            writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(page), param));
                    dir.removeTIFFField(BaselineTIFFTagSet.TAG_ROWS_PER_STRIP); // 1 by default here: strips as without
                    dir.addTIFFField(new TIFFField(BaselineTIFFTagSet.getInstance()
                            .getTag(BaselineTIFFTagSet.TAG_PREDICTOR), BaselineTIFFTagSet.PREDICTOR_HORIZONTAL_DIFFERENCING));
                    metadata = dir.getAsMetadata();
                }
                writer.writeToSequence(new IIOImage(page, null, metadata), param);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** A single-page TIFF. */
    public static byte[] tiff(BufferedImage img, String compression) {
        return tiff(List.of(img), compression, ByteOrder.BIG_ENDIAN);
    }

    /**
     * The TIFF with every value of one tag of its first directory (SHORT or LONG values) changed, such as the
     * width (256), height (257) or strip offsets (273).
     */
    public static byte[] tiffWithTag(byte[] tiff, int tag, LongUnaryOperator change) {
        byte[] b = tiff.clone();
        ByteBuffer buf = ByteBuffer.wrap(b).order(b[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int ifd = buf.getInt(4);
        for (int i = 0; i < buf.getShort(ifd); i++) {
            int e = ifd + 2 + 12 * i;
            if (buf.getShort(e) != tag) {
                continue;
            }
            int size = buf.getShort(e + 2) == 3 ? 2 : 4;
            int count = buf.getInt(e + 4);
            int at = count * size <= 4 ? e + 8 : buf.getInt(e + 8);
            for (int k = 0; k < count; k++) {
                int p = at + k * size;
                if (size == 2) {
                    buf.putShort(p, (short) change.applyAsLong(Short.toUnsignedInt(buf.getShort(p))));
                } else {
                    buf.putInt(p, (int) change.applyAsLong(Integer.toUnsignedLong(buf.getInt(p))));
                }
            }
            return b;
        }
        throw new IllegalArgumentException("no tag " + tag + " in the first directory");
    }

    /**
     * The TIFF with one strip cut short inside the file, as a transfer that dropped bytes leaves it: strip
     * {@code strip} (from 0) keeps its first {@code keep} bytes, the strips after it move up to close the gap,
     * and the directory's offsets and byte counts say so. For a file the JDK writer made (directory first,
     * strips in order after it).
     */
    public static byte[] tiffWithStripCut(byte[] tiff, int strip, int keep) {
        ByteBuffer buf = ByteBuffer.wrap(tiff).order(tiff[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int offsetsEntry = entry(buf, 273);
        int strips = buf.getInt(offsetsEntry + 4);
        int offsets = strips == 1 ? offsetsEntry + 8 : buf.getInt(offsetsEntry + 8);
        int countsEntry = entry(buf, 279);
        int counts = strips == 1 ? countsEntry + 8 : buf.getInt(countsEntry + 8);
        int offset = buf.getInt(offsets + 4 * strip);
        int removed = buf.getInt(counts + 4 * strip) - keep;
        byte[] b = new byte[tiff.length - removed];
        System.arraycopy(tiff, 0, b, 0, offset + keep);
        System.arraycopy(tiff, offset + keep + removed, b, offset + keep, tiff.length - offset - keep - removed);
        ByteBuffer out = ByteBuffer.wrap(b).order(buf.order());
        out.putInt(counts + 4 * strip, keep);
        for (int i = strip + 1; i < strips; i++) {
            out.putInt(offsets + 4 * i, out.getInt(offsets + 4 * i) - removed);
        }
        return b;
    }

    /** Where a tag's entry in the first directory starts; its values must be LONGs. */
    private static int entry(ByteBuffer buf, int tag) {
        int ifd = buf.getInt(4);
        for (int i = 0; i < buf.getShort(ifd); i++) {
            int e = ifd + 2 + 12 * i;
            if (buf.getShort(e) == tag && buf.getShort(e + 2) == 4) {
                return e;
            }
        }
        throw new IllegalArgumentException("no LONG tag " + tag + " in the first directory");
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
