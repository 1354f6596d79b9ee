package dev.loupe.batch;

import dev.loupe.data.imports.Csv;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A batch job's CSV output, written so that a killed run leaves a valid prefix and a re-run goes on
 * where it stopped.
 *
 * <p>Rows are appended one chunk at a time: the chunk is encoded first, then written with one
 * {@code write} and forced to disk, so a killed process leaves whole chunks but for the last, which a
 * SIGKILL during the write (Linux stops a write to a regular file between pages when a fatal signal is
 * pending) or a crash of the machine can cut anywhere, also inside a character. Opening repairs that by
 * cutting the file back to its last line end, so the file always reads as a CSV of whole rows.
 * {@link #done()} is every item already in the file: a re-run skips them.
 *
 * <p>Not thread-safe: one writer. Whoever opens it closes it.
 */
public final class CsvOutput implements AutoCloseable {
    private static final String HEADER = Csv.line(BatchRow.COLUMNS) + "\n";

    private final Path file;
    private final FileChannel channel;
    private final Set<String> done;
    private final long rowsBefore;

    private CsvOutput(Path file, FileChannel channel, Set<String> done, long rowsBefore) {
        this.file = file;
        this.channel = channel;
        this.done = done;
        this.rowsBefore = rowsBefore;
    }

    /**
     * Opens (creating it with a header) the output.
     *
     * @throws IOException when the file exists with another header (not a batch output: it is left alone)
     */
    public static CsvOutput open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Set<String> done = new HashSet<>();
        long rows = 0;
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            // bytes, not text: a torn last line may end inside a character, which a strict decoder refuses
            byte[] bytes = Files.readAllBytes(file);
            String all = new String(bytes, StandardCharsets.UTF_8);
            if (!all.startsWith(HEADER) && !HEADER.startsWith(all)) {
                throw new IOException(file + " exists and is not a batch output (expected the header "
                        + HEADER.strip() + "); choose another --output");
            }
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] != '\n') {
                end--;
            }
            if (end < bytes.length) { // a torn last line (or header): cut it; its item is scored again
                ch.truncate(end);
            }
            if (end == 0) {
                ch.write(ByteBuffer.wrap(HEADER.getBytes(StandardCharsets.UTF_8)), 0);
                ch.force(true);
            } else {
                List<List<String>> records = Csv.parse(new String(bytes, 0, end, StandardCharsets.UTF_8));
                for (List<String> r : records.subList(1, records.size())) {
                    done.add(BatchRow.parse(r).item());
                    rows++;
                }
            }
            ch.position(ch.size());
            return new CsvOutput(file, ch, done, rows);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Items already in the file when it was opened, and every item appended since. */
    public Set<String> done() {
        return Set.copyOf(done);
    }

    public boolean isDone(String item) {
        return done.contains(item);
    }

    /** Rows the file held when opened. */
    public long rowsBefore() {
        return rowsBefore;
    }

    /** Appends the rows as one chunk and forces them to disk before returning. */
    public void append(List<BatchRow> rows) throws IOException {
        if (rows.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder(rows.size() * 64);
        for (BatchRow r : rows) {
            sb.append(r.csv()).append('\n');
        }
        ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        channel.force(false);
        rows.forEach(r -> done.add(r.item()));
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Every row of a finished output, in file order. */
    public static List<BatchRow> read(Path file) throws IOException {
        List<List<String>> records = Csv.parse(Files.readString(file, StandardCharsets.UTF_8));
        return records.subList(1, records.size()).stream().map(BatchRow::parse).toList();
    }
}
