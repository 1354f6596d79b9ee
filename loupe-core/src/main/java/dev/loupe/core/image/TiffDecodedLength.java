package dev.loupe.core.image;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * How many bytes a TIFF strip's or tile's compressed data decodes to, counted the way the JDK's TIFF
 * decompressors read it, without producing pixels. The JDK's reader decodes whatever a strip holds into a
 * zeroed buffer and never compares what came out with what the rows need, so a strip cut short (a transfer
 * that dropped bytes, a byte count that says less than was written) decodes as black rows; {@link TiffLayout}
 * compares this count with the rows instead.
 *
 * <p>Counting stops at {@code wanted} bytes, so a whole strip costs no more than reaching its end. LZW and
 * PackBits are counted from their codes (a table of string lengths, not the strings), a small fraction of
 * what decoding them costs; Deflate has no such shortcut and is inflated once more into a scratch buffer (about
 * doubling what a Deflate TIFF costs to decode: the JDK offers no way into its decompressors to count there), which
 * is why the common Deflate layouts are decoded by {@link TiffInflater} instead and only the others counted here.
 * One instance counts the strips of one file, reusing its tables and its {@link Inflater}, whose native memory
 * {@link #close} frees: the caller closes it. Not thread-safe.
 */
final class TiffDecodedLength implements AutoCloseable {
    static final int NONE = 1;
    static final int LZW = 5;
    static final int DEFLATE = 8;
    static final int DEFLATE_OLD = 32946;
    static final int PACKBITS = 32773;

    private static final int CLEAR = 256;
    private static final int END = 257;
    private static final int FIRST = 258;

    private final int compression;
    private final boolean bitsReversed;
    private final int[] lengths = new int[4096];
    private Inflater inflater;
    private byte[] scratch;

    /**
     * @param compression  the TIFF compression code, one that {@link #counts}
     * @param bitsReversed FillOrder 2: the LZW decompressor reverses the bits of each byte before reading codes
     */
    TiffDecodedLength(int compression, boolean bitsReversed) {
        if (!counts(compression)) {
            throw new IllegalArgumentException("compression " + compression + " is not counted");
        }
        this.compression = compression;
        this.bitsReversed = bitsReversed;
    }

    /** Whether {@link #of} counts data compressed with this TIFF compression code. */
    static boolean counts(int compression) {
        return compression == NONE || compression == LZW || compression == DEFLATE || compression == DEFLATE_OLD
                || compression == PACKBITS;
    }

    /** The bytes that the {@code length} bytes of data at {@code from} decode to, at most {@code wanted}. */
    long of(byte[] file, int from, int length, long wanted) {
        return switch (compression) {
            case LZW -> lzw(file, from, from + length, wanted);
            case DEFLATE, DEFLATE_OLD -> inflated(file, from, length, wanted);
            case PACKBITS -> packBits(file, from, from + length, wanted);
            default -> Math.min(length, wanted);
        };
    }

    @Override
    public void close() {
        if (inflater != null) {
            inflater.end();
        }
    }

    /*
     * TIFF 6.0 section 13, as the JDK's TIFFLZWDecompressor reads it: MSB-first codes of 9 to 12 bits, the
     * width growing one code early (at 511, 1023, 2047), a strip that ends without an EndOfInformation code
     * ending where its data does. A new table entry is the previous code's string plus one byte, so its
     * length is the previous code's plus one. A strip in the old TIFF 5 style (starting 00 01) is refused
     * by the JDK's decompressor itself and counted here as whole.
     */
    private long lzw(byte[] b, int from, int end, long wanted) {
        if (end - from >= 2 && b[from] == 0 && b[from + 1] == 1) {
            return wanted;
        }
        for (int i = 0; i < CLEAR; i++) {
            lengths[i] = 1;
        }
        int next = FIRST;
        int width = 9;
        int bits = 0;
        int held = 0;
        int at = from;
        int previous = 0;
        long out = 0;
        while (out < wanted) {
            if (at >= end) {
                break;
            }
            held = held << 8 | unsigned(b[at++], bitsReversed);
            bits += 8;
            if (bits < width) {
                if (at >= end) {
                    break;
                }
                held = held << 8 | unsigned(b[at++], bitsReversed);
                bits += 8;
            }
            int code = held >> bits - width & (1 << width) - 1;
            bits -= width;
            if (code == END) {
                break;
            }
            if (code == CLEAR) {
                next = FIRST;
                width = 9;
                previous = -1;
                continue;
            }
            if (previous < 0) {
                out += lengths[code]; // the first code after a clear adds no table entry
            } else {
                int length = code < next ? lengths[code] : lengths[previous] + 1;
                out += length;
                if (next == lengths.length) {
                    break; // a full table: the JDK's decompressor fails here, and reports it
                }
                lengths[next++] = lengths[previous] + 1;
                width = next >= 2047 ? 12 : next >= 1023 ? 11 : next >= 511 ? 10 : 9;
            }
            previous = code;
        }
        return Math.min(out, wanted);
    }

    private static int unsigned(byte b, boolean reversed) {
        return reversed ? Integer.reverse(b & 0xff) >>> 24 : b & 0xff;
    }

    /** Inflated (zlib, as the JDK's TIFFDeflateDecompressor reads it) until the data or the wanted bytes end. */
    private long inflated(byte[] b, int from, int length, long wanted) {
        if (inflater == null) {
            inflater = new Inflater();
            scratch = new byte[1 << 16];
        }
        inflater.reset();
        try {
            inflater.setInput(b, from, length);
            long out = 0;
            while (out < wanted) {
                int n = inflater.inflate(scratch, 0, (int) Math.min(scratch.length, wanted - out));
                if (n == 0) {
                    break; // the stream's end, or the data's
                }
                out += n;
            }
            return out;
        } catch (DataFormatException e) {
            return inflater.getBytesWritten(); // damaged data: what came out before it
        }
    }

    /*
     * TIFF 6.0 section 9, as the JDK's TIFFPackBitsDecompressor reads it: n in 0..127 copies the next n + 1
     * bytes, n in -127..-1 repeats the next byte 1 - n times, and -128 (a no-op) skips the byte after it too.
     * A literal run cut by the end of the data copies what is there.
     */
    private static long packBits(byte[] b, int from, int end, long wanted) {
        long out = 0;
        int at = from;
        while (out < wanted && at < end) {
            int n = b[at++];
            if (n >= 0) {
                out += Math.min(n + 1, end - at);
                at += n + 1;
            } else if (n >= -127) {
                if (at++ >= end) {
                    break;
                }
                out += 1 - n;
            } else {
                at++;
            }
        }
        return Math.min(out, wanted);
    }
}
