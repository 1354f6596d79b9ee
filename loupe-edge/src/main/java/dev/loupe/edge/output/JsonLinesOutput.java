package dev.loupe.edge.output;

import dev.loupe.edge.decide.EdgeEvent;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends every event as one JSON line to a file (the station's decision log). Written on the pipeline
 * thread through a buffer flushed after each line, so a killed agent loses no finished line. A last line
 * without its newline (a power cut while it was written) is cut off on open, so the next line does not
 * continue it.
 */
public final class JsonLinesOutput implements LineOutput {
    private final Path file;
    private final OutputStream out;

    public JsonLinesOutput(Path file) throws IOException {
        this.file = file;
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        cutTornLine(file);
        this.out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND), 1 << 16);
    }

    /** Truncates the file after its last newline, when bytes follow it; reads back only as far as that newline. */
    private static void cutTornLine(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long end = ch.size();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            long at = end;
            while (at > 0) {
                long from = Math.max(0, at - buf.capacity());
                buf.clear().limit((int) (at - from));
                while (buf.hasRemaining() && ch.read(buf, from + buf.position()) >= 0) {
                    // read the whole window
                }
                for (int i = buf.position() - 1; i >= 0; i--) {
                    if (buf.get(i) == '\n') {
                        if (from + i + 1 < end) {
                            ch.truncate(from + i + 1);
                        }
                        return;
                    }
                }
                at = from;
            }
            ch.truncate(0); // no newline at all: one torn line
        }
    }

    @Override
    public synchronized void publish(EdgeEvent event) {
        try {
            out.write(EventJson.bytes(event));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the decision log " + file, e);
        }
    }

    @Override
    public long dropped() {
        return 0;
    }

    @Override
    public String describe() {
        return "log " + file;
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
