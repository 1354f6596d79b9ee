package dev.loupe.core.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Where a TIFF's first image keeps its pixel data, read from the file's first directory (IFD) without
 * decoding anything: the strips' or tiles' offsets and byte counts, whether another directory (a second
 * page) follows, and what each strip or tile must decode to ({@link Pixels}). {@link Images#decode} checks
 * these before handing the file to ImageIO.
 *
 * <p>Why not ImageIO's own view: its TIFF reader walks the whole chain of directories to count pages and
 * never returns when one points back at an earlier one, it reads a strip whose byte count runs past the
 * end of the file as far as the data goes, and it decodes a strip whose data ends before its rows do into
 * a zeroed buffer, leaving the missing rows black. Layout per TIFF 6.0, section 2 (header, IFD entries of 12
 * bytes), section 3 (ImageWidth 256, ImageLength 257, BitsPerSample 258, Compression 259, RowsPerStrip 278,
 * StripOffsets 273, StripByteCounts 279), section 8 (SamplesPerPixel 277, PlanarConfiguration 284) and
 * section 15 (TileWidth 322, TileLength 323, TileOffsets 324, TileByteCounts 325).
 *
 * @param pixels  what the strips or tiles decode to; null when the directory does not say enough to know, or
 *                the compression is one {@link TiffDecodedLength} does not count (JPEG, CCITT), or the colour
 *                is subsampled YCbCr
 * @param samples what the decoded bytes mean, for {@link TiffInflater}; null when a tag it depends on is
 *                written twice or with a field type other than SHORT or LONG (the reader's reading of it is
 *                then not followed here)
 */
record TiffLayout(String unit, long[] offsets, long[] byteCounts, boolean morePages, Pixels pixels, Samples samples) {
    private static final int STRIP_OFFSETS = 273;
    private static final int STRIP_BYTE_COUNTS = 279;
    private static final int TILE_OFFSETS = 324;
    private static final int TILE_BYTE_COUNTS = 325;
    private static final int IMAGE_WIDTH = 256;
    private static final int IMAGE_LENGTH = 257;
    private static final int BITS_PER_SAMPLE = 258;
    private static final int COMPRESSION = 259;
    private static final int PHOTOMETRIC = 262;
    private static final int FILL_ORDER = 266;
    private static final int SAMPLES_PER_PIXEL = 277;
    private static final int ROWS_PER_STRIP = 278;
    private static final int PLANAR_CONFIGURATION = 284;
    private static final int PREDICTOR = 317;
    private static final int TILE_WIDTH = 322;
    private static final int TILE_LENGTH = 323;
    private static final int SAMPLE_FORMAT = 339;
    private static final int YCBCR = 6;
    private static final int SHORT = 3;
    private static final int LONG = 4;
    /** Bounds on a strip's or tile's width and height and on a pixel's bits, beyond which nothing is counted. */
    private static final long MAX_UNIT_SIDE = 1 << 20;
    private static final long MAX_PIXEL_BITS = 1 << 10;

    /**
     * Reads the first directory of a file that starts with a TIFF header ({@code II*\0} or {@code MM\0*}).
     *
     * @throws ImageDecodeException when the directory or its offset and byte-count arrays lie outside the file
     */
    static TiffLayout of(byte[] b) throws ImageDecodeException {
        ByteBuffer buf = ByteBuffer.wrap(b).order(b[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        long ifd = b.length >= 8 ? Integer.toUnsignedLong(buf.getInt(4)) : -1;
        if (ifd < 8 || ifd + 2 > b.length) {
            throw new ImageDecodeException("truncated TIFF: its first directory (at byte " + ifd + ") is not in the "
                    + b.length + " bytes of the file");
        }
        int entries = Short.toUnsignedInt(buf.getShort((int) ifd));
        long next = ifd + 2 + 12L * entries;
        if (next + 4 > b.length) {
            throw new ImageDecodeException("truncated TIFF: its first directory (" + entries + " entries at byte " + ifd
                    + ") ends past the " + b.length + " bytes of the file");
        }
        long[][] values = new long[SAMPLE_FORMAT + 1][];
        boolean followed = true;
        for (int i = 0; i < entries; i++) {
            int e = (int) ifd + 2 + 12 * i;
            int tag = Short.toUnsignedInt(buf.getShort(e));
            boolean data = tag == STRIP_OFFSETS || tag == STRIP_BYTE_COUNTS || tag == TILE_OFFSETS || tag == TILE_BYTE_COUNTS;
            boolean pixels = tag == IMAGE_WIDTH || tag == IMAGE_LENGTH || tag == BITS_PER_SAMPLE || tag == COMPRESSION
                    || tag == PHOTOMETRIC || tag == FILL_ORDER || tag == SAMPLES_PER_PIXEL || tag == ROWS_PER_STRIP
                    || tag == PLANAR_CONFIGURATION || tag == TILE_WIDTH || tag == TILE_LENGTH || tag == PREDICTOR
                    || tag == SAMPLE_FORMAT;
            int type = Short.toUnsignedInt(buf.getShort(e + 2));
            followed &= !(data || pixels) || values[tag] == null && (type == SHORT || type == LONG);
            // a pixel tag of another type is left to the reader (and the data then not counted), as before
            if (data || pixels && (type == SHORT || type == LONG)) {
                values[tag] = array(buf, e, tag);
            }
        }
        boolean tiled = values[TILE_OFFSETS] != null;
        long[] offsets = tiled ? values[TILE_OFFSETS] : values[STRIP_OFFSETS];
        long[] counts = tiled ? values[TILE_BYTE_COUNTS] : values[STRIP_BYTE_COUNTS];
        return new TiffLayout(tiled ? "tile" : "strip", offsets == null ? new long[0] : offsets,
                counts == null ? new long[0] : counts, buf.getInt((int) next) != 0, Pixels.of(values, tiled),
                followed ? Samples.of(values, buf.order()) : null);
    }

    /**
     * The first strip or tile whose data runs past the end of a file of {@code length} bytes, described;
     * empty when all are inside. A missing byte count (the reader then guesses one) only checks the offset.
     */
    String pastTheEnd(long length) {
        for (int i = 0; i < offsets.length; i++) {
            long end = offsets[i] + (i < byteCounts.length ? byteCounts[i] : 1);
            if (end > length) {
                return unit + " " + (i + 1) + " of " + offsets.length + " (bytes " + offsets[i] + ".." + end
                        + ") runs past the end of the file (" + length + " bytes)";
            }
        }
        return "";
    }

    /**
     * The first strip or tile whose data decodes to fewer bytes than its pixels need, described; empty when
     * each holds its pixels or {@link #pixels} is not known. For a layout that {@link #pastTheEnd} found inside
     * the file.
     */
    String cutShort(byte[] file) {
        if (pixels == null || byteCounts.length != offsets.length || offsets.length != pixels.units()) {
            return "";
        }
        try (TiffDecodedLength decoded = new TiffDecodedLength(pixels.compression(), pixels.bitsReversed())) {
            for (int i = 0; i < offsets.length; i++) {
                long need = pixels.needs(i);
                long got = decoded.of(file, (int) offsets[i], (int) byteCounts[i], need);
                if (got < need) {
                    return shortBy(i, got, need);
                }
            }
        }
        return "";
    }

    /** Strip or tile {@code i}, which decodes to {@code got} of the {@code need} bytes its pixels take, described. */
    String shortBy(int i, long got, long need) {
        String which = unit + " " + (i + 1) + " of " + offsets.length;
        long rows = pixels.rows(i);
        String needs = "; its " + (pixels.tiled() ? pixels.unitWidth() + " x " + rows + " pixels"
                : rows + (rows == 1 ? " row" : " rows")) + " need " + need;
        return pixels.compression() == TiffDecodedLength.NONE
                ? which + " holds " + byteCounts[i] + " bytes" + needs
                : which + " (" + byteCounts[i] + " bytes) decodes to " + got + " bytes" + needs;
    }

    /**
     * What a TIFF's strips or tiles decode to, as the JDK's reader hands them to a decompressor: a tile is
     * {@code unitWidth} x {@code unitHeight} pixels, also where it overhangs the image; a strip is the image's
     * width by RowsPerStrip rows, the last strip the rows left. With one plane per sample (PlanarConfiguration
     * 2) the strips of the first sample come first, then the second's.
     *
     * @param bitsPerPlane a pixel's bits in each plane: one entry, all samples' bits, when samples are interleaved
     */
    record Pixels(int compression, boolean bitsReversed, long width, long height, long unitWidth, long unitHeight,
                  boolean tiled, long[] bitsPerPlane) {

        /** From a directory's values by tag (null where absent), or null when they do not say enough. */
        static Pixels of(long[][] v, boolean tiled) {
            long compression = first(v[COMPRESSION], TiffDecodedLength.NONE);
            if (v[IMAGE_WIDTH] == null || v[IMAGE_LENGTH] == null || compression > Integer.MAX_VALUE
                    || !TiffDecodedLength.counts((int) compression) || first(v[PHOTOMETRIC], 0) == YCBCR
                    || tiled && (v[TILE_WIDTH] == null || v[TILE_LENGTH] == null)) {
                return null;
            }
            long width = first(v[IMAGE_WIDTH], 0);
            long height = first(v[IMAGE_LENGTH], 0);
            long unitWidth = tiled ? first(v[TILE_WIDTH], 0) : width;
            // RowsPerStrip defaults to 2^32 - 1: one strip
            long unitHeight = tiled ? first(v[TILE_LENGTH], 0) : Math.min(first(v[ROWS_PER_STRIP], height), height);
            long samples = first(v[SAMPLES_PER_PIXEL], 1);
            long[] bits = v[BITS_PER_SAMPLE] == null || v[BITS_PER_SAMPLE].length == 0 ? new long[]{1} : v[BITS_PER_SAMPLE];
            if (width < 1 || height < 1 || unitWidth < 1 || unitHeight < 1 || unitWidth > MAX_UNIT_SIDE
                    || unitHeight > MAX_UNIT_SIDE || samples < 1 || samples > 16) {
                return null;
            }
            boolean planar = first(v[PLANAR_CONFIGURATION], 1) == 2 && samples > 1;
            long[] perPlane = new long[planar ? (int) samples : 1];
            for (int s = 0; s < samples; s++) {
                perPlane[planar ? s : 0] += bits[Math.min(s, bits.length - 1)]; // one value may stand for all samples
            }
            for (long b : perPlane) {
                if (b < 1 || b > MAX_PIXEL_BITS) {
                    return null;
                }
            }
            return new Pixels((int) compression, first(v[FILL_ORDER], 1) == 2, width, height, unitWidth, unitHeight,
                    tiled, perPlane);
        }

        private static long first(long[] values, long absent) {
            return values == null || values.length == 0 ? absent : values[0];
        }

        long across() {
            return tiled ? (width + unitWidth - 1) / unitWidth : 1;
        }

        long down() {
            return (height + unitHeight - 1) / unitHeight;
        }

        /** Strips or tiles the directory must list: across x down, in each plane. */
        long units() {
            return across() * down() * bitsPerPlane.length;
        }

        /** The rows strip or tile {@code i} holds. */
        long rows(int i) {
            if (tiled) {
                return unitHeight;
            }
            long row = i % down();
            return Math.min(unitHeight, height - row * unitHeight);
        }

        /** The bytes strip or tile {@code i} decodes to: whole bytes per row, as TIFF pads each row. */
        long needs(int i) {
            long bits = bitsPerPlane[(int) (i / (across() * down()))];
            return (unitWidth * bits + 7) / 8 * rows(i);
        }
    }

    /**
     * What a pixel's decoded bytes mean, as far as {@link TiffInflater} needs to know (TIFF 6.0 sections 3, 8, 14
     * and 19: PhotometricInterpretation 262, Predictor 317, SampleFormat 339).
     *
     * @param count       SamplesPerPixel
     * @param bits        each sample's BitsPerSample when one value is given per sample and all are equal, else 0
     * @param photometric PhotometricInterpretation, -1 when absent
     * @param predictor   Predictor, 1 (none) when absent
     * @param unsigned    whether every sample is an unsigned integer (SampleFormat absent or all 1)
     * @param order       the file's byte order, in which 16-bit samples are stored
     */
    record Samples(long count, long bits, long photometric, long predictor, boolean unsigned, ByteOrder order) {
        static Samples of(long[][] v, ByteOrder order) {
            long count = Pixels.first(v[SAMPLES_PER_PIXEL], 1);
            long[] bits = v[BITS_PER_SAMPLE];
            long common = bits != null && bits.length == count && Arrays.stream(bits).allMatch(b -> b == bits[0]) ? bits[0] : 0;
            boolean unsigned = v[SAMPLE_FORMAT] == null || Arrays.stream(v[SAMPLE_FORMAT]).allMatch(f -> f == 1);
            return new Samples(count, common, Pixels.first(v[PHOTOMETRIC], -1), Pixels.first(v[PREDICTOR], 1), unsigned,
                    order);
        }
    }

    /** The SHORT or LONG values of one directory entry, held in the entry when they fit in 4 bytes. */
    private static long[] array(ByteBuffer buf, int entry, int tag) throws ImageDecodeException {
        int type = Short.toUnsignedInt(buf.getShort(entry + 2));
        long count = Integer.toUnsignedLong(buf.getInt(entry + 4));
        if (type != SHORT && type != LONG) {
            throw new ImageDecodeException("corrupt TIFF: tag " + tag + " has field type " + type + ", not SHORT or LONG");
        }
        int size = type == SHORT ? 2 : 4;
        long at = count * size <= 4 ? entry + 8 : Integer.toUnsignedLong(buf.getInt(entry + 8));
        if (at + count * size > buf.capacity()) {
            throw new ImageDecodeException("truncated TIFF: the " + count + " values of tag " + tag + " (at byte " + at
                    + ") end past the " + buf.capacity() + " bytes of the file");
        }
        long[] out = new long[(int) count];
        for (int i = 0; i < out.length; i++) {
            int p = (int) at + i * size;
            out[i] = size == 2 ? Short.toUnsignedInt(buf.getShort(p)) : Integer.toUnsignedLong(buf.getInt(p));
        }
        return out;
    }
}
