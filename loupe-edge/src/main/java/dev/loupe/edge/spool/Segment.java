package dev.loupe.edge.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * One append-only segment file of the spool: a sequence of frames
 * {@code [magic:int][length:int][crc32c:int][sequence:long][record length:int][record][image length:int][image]},
 * where length counts the bytes after the CRC and the CRC covers them. A frame is valid only when whole
 * and its CRC matches. Reading skips an invalid frame when a valid one follows it (a damaged record in
 * the middle of a file: the records after it are kept) and stops at one that nothing valid follows (a
 * torn tail after a crash).
 */
final class Segment {
    static final int MAGIC = 0x4C505331; // "LPS1"
    static final int HEADER = 12;

    private Segment() {
    }

    /** A frame read back. */
    record Frame(long sequence, byte[] record, byte[] image, long offset, long end) {
    }

    static ByteBuffer encode(long sequence, byte[] record, byte[] image) {
        int body = 8 + 4 + record.length + 4 + image.length;
        ByteBuffer b = ByteBuffer.allocate(HEADER + body);
        b.putInt(MAGIC).putInt(body).putInt(0);
        b.putLong(sequence).putInt(record.length).put(record).putInt(image.length).put(image);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), HEADER, body);
        b.putInt(8, (int) crc.getValue());
        return b.flip();
    }

    static String fileName(long firstSequence) {
        return String.format("seg-%020d.log", firstSequence);
    }

    static long firstSequence(Path file) {
        String n = file.getFileName().toString();
        return Long.parseLong(n.substring(4, n.length() - 4));
    }

    /**
     * Reads the valid frames from {@code from} up to {@code limit} bytes, at most {@code max} frames,
     * skipping damaged bytes up to the next valid frame; stops where no valid frame follows.
     */
    static List<Frame> read(FileChannel ch, long from, long limit, int max) throws IOException {
        List<Frame> frames = new ArrayList<>();
        long pos = from;
        while (frames.size() < max && pos + HEADER <= limit) {
            List<Frame> f = readValid(ch, pos, limit, max - frames.size());
            frames.addAll(f);
            pos = f.isEmpty() ? pos : f.getLast().end();
            if (frames.size() >= max || pos + HEADER > limit) {
                break;
            }
            long next = nextValid(ch, pos + 1, limit);
            if (next < 0) {
                break;
            }
            pos = next;
        }
        return frames;
    }

    /** Where the next valid frame after {@code from} starts, or -1 when none does before {@code limit}. */
    private static long nextValid(FileChannel ch, long from, long limit) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(64 * 1024);
        long base = from;
        while (base + HEADER <= limit) {
            block.clear().limit((int) Math.min(block.capacity(), limit - base));
            int n = readFully(ch, block, base);
            for (int i = 0; i + 4 <= n; i++) {
                if (block.getInt(i) == MAGIC && !readValid(ch, base + i, limit, 1).isEmpty()) {
                    return base + i;
                }
            }
            if (n < block.capacity()) {
                return -1;
            }
            base += n - 3; // a magic number across two blocks is found in the second
        }
        return -1;
    }

    /** The valid frames from {@code from} (at most {@code max}), up to the first invalid one. */
    private static List<Frame> readValid(FileChannel ch, long from, long limit, int max) throws IOException {
        List<Frame> frames = new ArrayList<>();
        long pos = from;
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        while (frames.size() < max && pos + HEADER <= limit) {
            header.clear();
            if (readFully(ch, header, pos) < HEADER) {
                break;
            }
            header.flip();
            int magic = header.getInt();
            int body = header.getInt();
            int crc = header.getInt();
            if (magic != MAGIC || body < 16 || pos + HEADER + body > limit) {
                break;
            }
            ByteBuffer b = ByteBuffer.allocate(body);
            if (readFully(ch, b, pos + HEADER) < body) {
                break;
            }
            CRC32C c = new CRC32C();
            c.update(b.array(), 0, body);
            if ((int) c.getValue() != crc) {
                break;
            }
            b.flip();
            long seq = b.getLong();
            int rl = b.getInt();
            if (rl < 0 || rl > body - 16) {
                break;
            }
            byte[] rec = new byte[rl];
            b.get(rec);
            int il = b.getInt();
            if (il < 0 || il != b.remaining()) {
                break;
            }
            byte[] img = new byte[il];
            b.get(img);
            frames.add(new Frame(seq, rec, img, pos, pos + HEADER + body));
            pos += HEADER + body;
        }
        return frames;
    }

    /** The end of the last valid frame: where a torn tail starts. */
    static long validEnd(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long pos = 0;
            long size = ch.size();
            while (true) {
                List<Frame> f = read(ch, pos, size, 1024);
                if (f.isEmpty()) {
                    return pos;
                }
                pos = f.getLast().end();
            }
        }
    }

    private static int readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        int total = 0;
        while (b.hasRemaining()) {
            int n = ch.read(b, pos + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
