package dev.loupe.core.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Where a TIFF's first image keeps its pixel data, read from the file's first directory (IFD) without
 * decoding anything: the strips' or tiles' offsets and byte counts, and whether another directory
 * (a second page) follows. {@link Images#decode} checks both before handing the file to ImageIO.
 *
 * <p>Why not ImageIO's own view: its TIFF reader walks the whole chain of directories to count pages and
 * never returns when one points back at an earlier one, and it reads a strip whose byte count runs past the
 * end of the file as far as the data goes. Layout per TIFF 6.0, section 2 (header, IFD entries of 12 bytes)
 * and sections 3 and 15 (StripOffsets 273, StripByteCounts 279, TileOffsets 324, TileByteCounts 325).
 */
record TiffLayout(String unit, long[] offsets, long[] byteCounts, boolean morePages) {
    private static final int STRIP_OFFSETS = 273;
    private static final int STRIP_BYTE_COUNTS = 279;
    private static final int TILE_OFFSETS = 324;
    private static final int TILE_BYTE_COUNTS = 325;
    private static final int SHORT = 3;
    private static final int LONG = 4;

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
        long[][] values = new long[TILE_BYTE_COUNTS + 1][];
        for (int i = 0; i < entries; i++) {
            int e = (int) ifd + 2 + 12 * i;
            int tag = Short.toUnsignedInt(buf.getShort(e));
            if (tag == STRIP_OFFSETS || tag == STRIP_BYTE_COUNTS || tag == TILE_OFFSETS || tag == TILE_BYTE_COUNTS) {
                values[tag] = array(buf, e, tag);
            }
        }
        boolean tiled = values[TILE_OFFSETS] != null;
        long[] offsets = tiled ? values[TILE_OFFSETS] : values[STRIP_OFFSETS];
        long[] counts = tiled ? values[TILE_BYTE_COUNTS] : values[STRIP_BYTE_COUNTS];
        return new TiffLayout(tiled ? "tile" : "strip", offsets == null ? new long[0] : offsets,
                counts == null ? new long[0] : counts, buf.getInt((int) next) != 0);
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
