package dev.loupe.core.image;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Image decoding for every stage (import, validation, training, serving, edge): one decoder, so an
 * image that validates is an image that serves. PNG, JPEG, BMP and TIFF, grayscale or colour; 16-bit
 * grayscale (PNG or TIFF) stays 16-bit ({@link BufferedImage#TYPE_USHORT_GRAY}).
 *
 * <p>Decoding is strict: a truncated file is an error, not a partly grey picture. {@code ImageIO}
 * tolerates truncated PNGs in some versions, so the PNG trailer is checked explicitly. Its JPEG reader
 * decodes a cut or damaged scan to the end, filling what is missing, and only says so through read
 * warnings (libjpeg's "Corrupt JPEG data: ...", "Premature end of JPEG file"): a JPEG that draws one is
 * refused, as the reader's own notices of an ignored colour profile or thumbnail marker are not.
 *
 * <p>A TIFF (uncompressed, LZW, Deflate or PackBits, as machine-vision cameras save them) is read through
 * the JDK's TIFF reader after its first directory is checked ({@link TiffLayout}): a strip or tile that
 * runs past the end of the file means a truncated file, and is refused before decoding, since the reader
 * would otherwise decode what is there. A strip or tile whose data decodes to fewer bytes than its rows need (cut
 * short inside the file, or a byte count smaller than the data) is refused too, after the size check: the reader
 * would leave the missing rows black. Deflate strips of the common layouts are inflated once, here, straight into
 * the image the reader would return ({@link TiffInflater}), rather than once to check them and again to decode;
 * this is also how 16-bit samples stored with the horizontal predictor are read, which the JDK's reader refuses
 * (ImageMagick writes them so by default); in LZW strips they are read by {@link TiffPredictedLzw}, and such a
 * file in any other layout (tiles, one plane per sample) is refused as unsupported.
 * A multi-page TIFF is refused as unsupported rather than read as its first page: inspection software writes
 * several pages for several acquisitions of one part (lightings, focus steps, channels), and judging the part by
 * whichever came first would be a silent guess.
 * TIFF carries no checksum: compressed data damaged inside the file's bounds is refused when the decompressor
 * fails on it or it decodes short, but damage that still decodes to the full length goes unnoticed.
 *
 * <p>The size an image claims is checked from its header before any pixel is decoded ({@link #MAX_SIDE},
 * {@link #MAX_PIXELS}): a few kilobytes can claim hundreds of megapixels, and decoding them would cost
 * seconds of CPU and gigabytes of heap whatever the data turns out to hold.
 */
public final class Images {
    /** Images larger than this in either dimension are refused (a decompression bomb guard). */
    public static final int MAX_SIDE = 16_384;

    /**
     * Images with more pixels than this (64 Mi, 8192 x 8192, about 67 MP) are refused before decoding. It
     * holds the largest industrial area-scan cameras in common use (25-65 MP, such as 7920 x 6004 and
     * 9344 x 7000) with room to spare, while bounding one decode to 192 MB of 8-bit RGB (256 MB as ARGB
     * ints): a server decodes one image per inference thread at a time, so this is what each may hold.
     */
    public static final long MAX_PIXELS = 8192L * 8192L;

    /**
     * File name extensions (lower case, without the dot) of the formats {@link #decode} reads: what the stages
     * that list a folder pick up. The content decides the format; the name only selects files.
     */
    public static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "tif", "tiff");

    private Images() {
    }

    /** Whether a file name ends in one of {@link #EXTENSIONS}, in any case. */
    public static boolean hasImageExtension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * The format by magic number: {@code png}, {@code jpeg}, {@code bmp}, {@code tiff} (either byte order;
     * not BigTIFF), or empty when none of these.
     */
    public static String sniffFormat(byte[] b) {
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "png";
        }
        if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
            return "jpeg";
        }
        if (b.length >= 2 && b[0] == 'B' && b[1] == 'M') {
            return "bmp";
        }
        if (b.length >= 8 && (b[0] == 'I' && b[1] == 'I' && b[2] == 42 && b[3] == 0
                || b[0] == 'M' && b[1] == 'M' && b[2] == 0 && b[3] == 42)) {
            return "tiff";
        }
        return "";
    }

    /**
     * Decodes an image.
     *
     * @throws ImageDecodeException with a message saying what is wrong (not an image, truncated, corrupt, too
     *                              large); an {@link UnsupportedImageException} for a GIF or a multi-page TIFF
     */
    public static BufferedImage decode(byte[] bytes) throws ImageDecodeException {
        String format = sniffFormat(bytes);
        if (format.isEmpty() && isGif(bytes)) {
            // one decoder for every stage: a GIF would need its own truncation check and a rule for animations,
            // for a format no inspection camera writes
            throw new UnsupportedImageException("a GIF image; Loupe reads PNG, JPEG, BMP and TIFF (" + bytes.length + " bytes)");
        }
        if (format.isEmpty()) {
            throw new ImageDecodeException("not a PNG, JPEG, BMP or TIFF image (" + bytes.length + " bytes, starts with "
                    + hexPrefix(bytes) + ")");
        }
        if (format.equals("png") && !hasPngEnd(bytes)) {
            throw new ImageDecodeException("truncated PNG: no IEND chunk (" + bytes.length + " bytes)");
        }
        if (format.equals("jpeg") && !hasJpegEnd(bytes)) {
            throw new ImageDecodeException("truncated JPEG: no end-of-image marker (" + bytes.length + " bytes)");
        }
        TiffLayout tiff = format.equals("tiff") ? checkTiffLayout(bytes) : null;
        String name = format.toUpperCase(Locale.ROOT);
        // in memory: ImageIO.createImageInputStream caches a stream in a new temporary file by default
        // (create, write, read, delete per image: ~10% of a served request's CPU, and kernel time on top)
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ImageDecodeException("no decoder for " + name);
            }
            ImageReader reader = readers.next();
            List<String> corruption = new ArrayList<>();
            if (format.equals("jpeg")) {
                reader.addIIOReadWarningListener(new CorruptionListener(corruption));
            }
            try {
                reader.setInput(in, true, true);
                checkSize(name, reader.getWidth(0), reader.getHeight(0));
                // after the size check: a header claiming too many pixels is refused as that
                BufferedImage inflated = tiff != null ? TiffInflater.read(tiff, bytes, reader) : null;
                if (inflated != null) {
                    return inflated;
                }
                if (tiff != null) {
                    checkTiffData(tiff, bytes);
                    BufferedImage predicted = TiffPredictedLzw.read(tiff, bytes, reader);
                    if (predicted != null) {
                        return predicted;
                    }
                    checkTiffPredictor(tiff, bytes.length); // before the reader calls such a file corrupt
                }
                BufferedImage img = corruption.isEmpty() ? reader.read(0) : null; // damaged headers: not decoded
                if (!corruption.isEmpty()) {
                    throw new ImageDecodeException("corrupt " + name + ": " + String.join("; ", corruption));
                }
                if (img == null) {
                    throw new ImageDecodeException("unreadable " + name);
                }
                return img;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // ImageIO signals corrupt data with IIOException and, for some corruptions, runtime exceptions
            throw new ImageDecodeException("corrupt " + name + ": " + reason(e), e);
        }
    }

    /** Refuses a size read from the header, before the pixels are decoded. */
    private static void checkSize(String name, int w, int h) throws ImageDecodeException {
        if (w <= 0 || h <= 0 || w > MAX_SIDE || h > MAX_SIDE) {
            throw new ImageDecodeException(name + " of " + w + "x" + h + " pixels refused (each side must be 1.."
                    + MAX_SIDE + ")");
        }
        long pixels = (long) w * h;
        if (pixels > MAX_PIXELS) {
            throw new ImageDecodeException(name + " is " + w + " x " + h + " = " + pixels
                    + " pixels, more than the limit of " + MAX_PIXELS);
        }
    }

    /** Refuses a multi-page TIFF, and a truncated one before its reader decodes what is left. */
    private static TiffLayout checkTiffLayout(byte[] bytes) throws ImageDecodeException {
        TiffLayout layout = TiffLayout.of(bytes);
        if (layout.morePages()) {
            throw new UnsupportedImageException("a multi-page TIFF; Loupe reads single-page TIFFs (one image per file, "
                    + bytes.length + " bytes)");
        }
        String past = layout.pastTheEnd(bytes.length);
        if (!past.isEmpty()) {
            throw new ImageDecodeException("truncated TIFF: " + past);
        }
        return layout;
    }

    /** Refuses a TIFF with a strip or tile that holds less data than its pixels, which the reader would leave black. */
    private static void checkTiffData(TiffLayout layout, byte[] bytes) throws ImageDecodeException {
        String cut = layout.cutShort(bytes);
        if (!cut.isEmpty()) {
            throw new ImageDecodeException("corrupt TIFF: " + cut);
        }
    }

    /**
     * Refuses, as unsupported rather than corrupt, an LZW or Deflate TIFF whose samples are not all 8-bit and are
     * stored with the horizontal predictor, in a layout {@link TiffInflater} and {@link TiffPredictedLzw} do not
     * read: the JDK's reader refuses that predictor on any but 8-bit samples, and says the file is corrupt.
     */
    private static void checkTiffPredictor(TiffLayout layout, int length) throws UnsupportedImageException {
        TiffLayout.Samples s = layout.samples();
        int compression = layout.pixels() == null ? -1 : layout.pixels().compression();
        boolean predicts = compression == TiffDecodedLength.LZW || compression == TiffDecodedLength.DEFLATE
                || compression == TiffDecodedLength.DEFLATE_OLD;
        if (predicts && s != null && s.predictor() == 2 && s.bits() != 8) {
            String where = layout.pixels().tiled() ? "in tiles"
                    : layout.pixels().bitsPerPlane().length > 1 ? "in one plane per sample"
                    : "in " + s.count() + " sample(s) per pixel of photometric interpretation " + s.photometric();
            throw new UnsupportedImageException("a TIFF of " + (s.bits() == 0 ? "mixed-size" : s.bits() + "-bit")
                    + " samples with the horizontal predictor (Predictor 2) " + where + "; Loupe reads that predictor on"
                    + " 16-bit samples only in Deflate or LZW strips of interleaved grey or RGB samples (" + length + " bytes)");
        }
    }

    /** What went wrong, also for the decoder exceptions that carry no message (an {@code EOFException}). */
    private static String reason(Throwable e) {
        if (e instanceof EOFException) {
            return "the data ends before the image does";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? "the decoder failed (" + e.getClass().getSimpleName() + ")" : m;
    }

    /**
     * Collects the JPEG reader's warnings that mean damaged data and stops the decode at the first: the rest
     * of the picture would be invented. The reader's notices that end in "ignored" (an invalid embedded
     * colour profile, JFIF markers in a thumbnail) drop metadata, not pixels, and are let through, as is libjpeg's
     * "extraneous bytes before marker": stray bytes between two segments, which some cameras write, the scan whole.
     */
    private record CorruptionListener(List<String> warnings) implements IIOReadWarningListener {
        @Override
        public void warningOccurred(ImageReader source, String warning) {
            if (warning != null && (warning.endsWith("ignored") || warning.contains("extraneous bytes before marker"))) {
                return; // metadata dropped, or stray bytes between segments (some cameras write them): pixels intact
            }
            warnings.add(warning == null || warning.isBlank() ? "the decoder reported damaged data" : warning);
            source.abort();
        }
    }

    /**
     * The image's pixels as packed ARGB ints, row-major: a colour image's exactly {@link BufferedImage#getRGB(int, int,
     * int, int, int[], int, int)}'s values, read straight from the raster for the types decoders produce (several times
     * faster than {@code getRGB}, which converts pixel by pixel through the colour model); a grayscale image's levels
     * as stored, in R, G and B ({@link PixelsArgb}: not {@code getRGB}'s brightened conversion of them).
     */
    public static int[] argb(BufferedImage img) {
        return PixelsArgb.of(img);
    }

    /** Channels of the decoded image: 1 for grayscale, 3 for colour (alpha is ignored). */
    public static int channels(BufferedImage img) {
        return img.getColorModel().getNumColorComponents() == 1 ? 1 : 3;
    }

    private static boolean isGif(byte[] b) {
        return b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8' && (b[4] == '7' || b[4] == '9')
                && b[5] == 'a';
    }

    private static boolean hasPngEnd(byte[] b) {
        // IEND chunk: length 0, "IEND", CRC AE 42 60 82; allow trailing bytes after it
        for (int i = b.length - 8; i >= Math.max(8, b.length - 4096); i--) {
            if (b[i] == 'I' && b[i + 1] == 'E' && b[i + 2] == 'N' && b[i + 3] == 'D') {
                return true;
            }
        }
        return false;
    }

    private static boolean hasJpegEnd(byte[] b) {
        for (int i = b.length - 2; i >= Math.max(2, b.length - 4096); i--) {
            if ((b[i] & 0xff) == 0xFF && (b[i + 1] & 0xff) == 0xD9) {
                return true;
            }
        }
        return false;
    }

    private static String hexPrefix(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(4, b.length); i++) {
            sb.append(String.format("%02x", b[i] & 0xff));
        }
        return sb.isEmpty() ? "nothing" : sb.toString();
    }
}
