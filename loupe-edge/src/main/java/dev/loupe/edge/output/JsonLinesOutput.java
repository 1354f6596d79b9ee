package dev.loupe.edge.output;

import dev.loupe.edge.decide.EdgeEvent;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends every event as one JSON line to a file (the station's decision log). Written on the pipeline
 * thread through a buffer flushed after each line, so a killed agent loses no finished line.
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
        this.out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND), 1 << 16);
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
