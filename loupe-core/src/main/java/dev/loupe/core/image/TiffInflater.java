package dev.loupe.core.image;

import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes the Deflate TIFFs that cameras write most (strips of 8-bit or 16-bit grey or RGB, samples interleaved,
 * with or without the horizontal predictor) by inflating each strip once, straight into the image, and refuses
 * one whose strip inflates short with the message {@link TiffLayout#cutShort} gives. Any other TIFF is left to
 * the JDK's reader after that check, which for Deflate has to inflate every strip a second time.
 *
 * <p>The image is the one the JDK's reader would return, sample for sample and of the same type: it is made
 * from the reader's own first {@link ImageTypeSpecifier}, and filled only when that is the plain interleaved
 * raster the reader itself decodes a strip straight into; the strips are inflated, and the predictor undone,
 * as its {@code TIFFDeflateDecompressor} does (one {@code inflate} call of at most the strip's bytes), and
 * 16-bit samples are read in the file's byte order, as its {@code decodeRaw(short[], ...)} does.
 *
 * <p>One difference: that decompressor refuses the predictor on 16-bit samples ("16-bit samples are not
 * supported for Horizontal differencing Predictor"), which ImageMagick writes by default for a 16-bit Zip TIFF.
 * Here it is undone as TIFF 6.0 section 14 defines it and libtiff does: on the samples' values, after they are
 * read in the file's byte order, each channel from the same channel of the pixel before, modulo 2^16.
 * Stateless and thread-safe.
 */
final class TiffInflater {
    private static final int BLACK_IS_ZERO = 1;
    private static final int RGB = 2;

    private TiffInflater() {
    }

    /**
     * The TIFF's image, or null when its layout is not one read here; the reader has its input set.
     *
     * @throws ImageDecodeException when a strip inflates to fewer bytes than its rows need, or its data is damaged
     *                              before that
     */
    static BufferedImage read(TiffLayout layout, byte[] file, ImageReader reader) throws IOException, ImageDecodeException {
        TiffLayout.Pixels px = layout.pixels();
        TiffLayout.Samples s = layout.samples();
        if (px == null || s == null || !reads(px, s) || layout.offsets().length != px.units()
                || layout.byteCounts().length != px.units()) {
            return null;
        }
        Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
        if (!types.hasNext()) {
            return null;
        }
        BufferedImage img = types.next().createBufferedImage((int) px.width(), (int) px.height());
        if (!isPlain(img.getRaster(), (int) s.count(), (int) s.bits())) {
            return null;
        }
        DataBuffer data = img.getRaster().getDataBuffer();
        int rowBytes = (int) (px.width() * s.count() * s.bits() / 8);
        Inflater inflater = new Inflater();
        try {
            byte[] scratch = s.bits() == 16 ? new byte[(int) px.needs(0)] : null;
            for (int i = 0; i < layout.offsets().length; i++) {
                int need = (int) px.needs(i);
                int firstRow = (int) (i * px.unitHeight());
                inflater.reset();
                inflater.setInput(file, (int) layout.offsets()[i], (int) layout.byteCounts()[i]);
                int got;
                if (data instanceof DataBufferByte bytes) {
                    got = inflate(inflater, bytes.getData(), firstRow * rowBytes, need);
                    if (got == need && s.predictor() == 2) {
                        undoPredictor(bytes.getData(), firstRow * rowBytes, need / rowBytes, rowBytes, (int) s.count());
                    }
                } else {
                    short[] shorts = ((DataBufferUShort) data).getData();
                    got = inflate(inflater, scratch, 0, need);
                    ByteBuffer.wrap(scratch, 0, got).order(s.order()).asShortBuffer()
                            .get(shorts, firstRow * rowBytes / 2, got / 2);
                    if (got == need && s.predictor() == 2) {
                        undoPredictor(shorts, firstRow * rowBytes / 2, need / rowBytes, rowBytes / 2, (int) s.count());
                    }
                }
                if (got < need) {
                    throw new ImageDecodeException("corrupt TIFF: " + layout.shortBy(i, got, need));
                }
            }
        } finally {
            inflater.end();
        }
        return img;
    }

    private static boolean reads(TiffLayout.Pixels px, TiffLayout.Samples s) {
        boolean deflate = px.compression() == TiffDecodedLength.DEFLATE || px.compression() == TiffDecodedLength.DEFLATE_OLD;
        // one plane per sample (PlanarConfiguration 2) lists a plane's strips after another's: not interleaved rows
        return deflate && !px.tiled() && px.bitsPerPlane().length == 1 && isGreyOrRgb(s) && (s.bits() == 8 || s.bits() == 16) && s.unsigned()
                && (s.predictor() == 1 || s.predictor() == 2);
    }

    /** One sample of grey (black is zero) or three of RGB per pixel. */
    static boolean isGreyOrRgb(TiffLayout.Samples s) {
        return s.count() == 1 && s.photometric() == BLACK_IS_ZERO || s.count() == 3 && s.photometric() == RGB;
    }

    /** Whether the raster is one array of {@code samples} interleaved samples of {@code bits}, rows unpadded. */
    static boolean isPlain(WritableRaster raster, int samples, int bits) {
        if (!(raster.getSampleModel() instanceof ComponentSampleModel sm) || raster.getSampleModelTranslateX() != 0
                || raster.getSampleModelTranslateY() != 0 || raster.getDataBuffer().getNumBanks() != 1
                || raster.getDataBuffer().getOffset() != 0 || sm.getNumBands() != samples || sm.getPixelStride() != samples
                || sm.getScanlineStride() != raster.getWidth() * samples) {
            return false;
        }
        for (int b = 0; b < samples; b++) {
            if (sm.getBandOffsets()[b] != b || sm.getBankIndices()[b] != 0 || sm.getSampleSize(b) != bits) {
                return false;
            }
        }
        return bits == 8 ? raster.getDataBuffer() instanceof DataBufferByte
                : raster.getDataBuffer() instanceof DataBufferUShort;
    }

    /** Inflates at most {@code length} bytes into {@code out}: how many came before the data's end or damage. */
    private static int inflate(Inflater inflater, byte[] out, int at, int length) {
        try {
            return inflater.inflate(out, at, length);
        } catch (DataFormatException e) {
            return (int) inflater.getBytesWritten();
        }
    }

    /** TIFF 6.0 section 14: each sample after a row's first pixel is stored as its difference from the pixel before. */
    private static void undoPredictor(byte[] b, int from, int rows, int rowBytes, int samples) {
        for (int r = 0, row = from; r < rows; r++, row += rowBytes) {
            for (int i = row + samples; i < row + rowBytes; i++) {
                b[i] += b[i - samples];
            }
        }
    }

    /** As for bytes, on 16-bit samples already in the machine's order: the sums wrap modulo 2^16, as the spec's do. */
    static void undoPredictor(short[] b, int from, int rows, int rowSamples, int samples) {
        for (int r = 0, row = from; r < rows; r++, row += rowSamples) {
            for (int i = row + samples; i < row + rowSamples; i++) {
                b[i] += b[i - samples];
            }
        }
    }
}
