package dev.loupe.core.image;

import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferUShort;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads an LZW TIFF of 16-bit grey or RGB samples stored with the horizontal predictor (Predictor 2) in strips,
 * samples interleaved, which the JDK's reader refuses ("16-bit samples are not supported for Horizontal
 * differencing Predictor"), still through that reader: Loupe has no LZW decoder of its own. Stateless and
 * thread-safe.
 *
 * <p>The predictor is applied after compression and undone after decompression (TIFF 6.0 section 14), so the
 * reader is given a copy of the file whose Predictor tag says 1 (none), decodes the differences as if they were
 * samples, in the file's byte order, and the predictor is undone on them here as {@link TiffInflater} undoes it:
 * each channel from the same channel of the pixel before, modulo 2^16. A strip holds whole image rows, so each
 * row of the image is one row of differences. Strips cut short are refused before this ({@link TiffLayout#cutShort}).
 */
final class TiffPredictedLzw {
    private static final int PREDICTOR = 317;
    private static final int SHORT = 3;
    private static final int LONG = 4;

    private TiffPredictedLzw() {
    }

    /** The TIFF's image, or null when it is not such a file or the reader's image is not a plain interleaved one. */
    static BufferedImage read(TiffLayout layout, byte[] file, ImageReader reader) throws IOException {
        TiffLayout.Pixels px = layout.pixels();
        TiffLayout.Samples s = layout.samples();
        if (px == null || s == null || px.compression() != TiffDecodedLength.LZW || px.tiled() || s.bits() != 16
                || s.predictor() != 2 || !s.unsigned() || !TiffInflater.isGreyOrRgb(s) || px.bitsPerPlane().length != 1) {
            return null;
        }
        byte[] unpredicted = withoutPredictor(file);
        if (unpredicted == null) {
            return null;
        }
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(unpredicted))) {
            reader.setInput(in, true, true);
            BufferedImage img = reader.read(0);
            if (!TiffInflater.isPlain(img.getRaster(), (int) s.count(), 16)) {
                return null;
            }
            int rowSamples = img.getWidth() * (int) s.count();
            TiffInflater.undoPredictor(((DataBufferUShort) img.getRaster().getDataBuffer()).getData(), 0, img.getHeight(),
                    rowSamples, (int) s.count());
            return img;
        }
    }

    /** A copy of the file whose first directory's one Predictor value, a SHORT or LONG, says 1; null when none. */
    private static byte[] withoutPredictor(byte[] file) {
        byte[] b = file.clone();
        ByteBuffer buf = ByteBuffer.wrap(b).order(b[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int ifd = buf.getInt(4); // TiffLayout.of has checked the directory lies in the file
        int entries = Short.toUnsignedInt(buf.getShort(ifd));
        for (int i = 0; i < entries; i++) {
            int e = ifd + 2 + 12 * i;
            int type = Short.toUnsignedInt(buf.getShort(e + 2));
            if (Short.toUnsignedInt(buf.getShort(e)) == PREDICTOR && buf.getInt(e + 4) == 1 && (type == SHORT || type == LONG)) {
                if (type == SHORT) {
                    buf.putShort(e + 8, (short) 1);
                } else {
                    buf.putInt(e + 8, 1);
                }
                return b;
            }
        }
        return null;
    }
}
