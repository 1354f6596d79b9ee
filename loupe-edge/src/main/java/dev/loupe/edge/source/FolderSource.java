package dev.loupe.edge.source;

import dev.loupe.core.store.Sha256;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A watched folder: image files that appear in it are handed out in arrival order (modification time,
 * then name), each exactly once, also across restarts.
 *
 * <p>"Once" is kept in a ledger file (one line per file: name, size, modification time), appended
 * and forced in {@link #done}, after the record is spooled. A crash between the two leaves the file
 * out of the ledger but its record at the spool's tail; the agent passes that record's id in, so the
 * file is not decided twice. Cameras should write a file under a temporary name and rename it:
 * names starting with {@code .} or ending in {@code .tmp} or {@code .part} are ignored.
 */
public final class FolderSource implements ImageSource {
    private final Path dir;
    private final String station;
    private final FileChannel ledger;
    private final Set<String> seen = new HashSet<>();
    private final Deque<Candidate> pending = new ArrayDeque<>();
    private final Set<String> queued = new HashSet<>();
    private final Duration pollInterval;

    private record Candidate(Path file, String key, long mtime) {
    }

    /**
     * @param ledgerFile    where handed-out files are recorded (created when missing)
     * @param lastSpooledId the id of the spool's newest record, if any (see the class comment)
     */
    public FolderSource(Path dir, Path ledgerFile, String station, Optional<String> lastSpooledId, Duration pollInterval)
            throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("no folder " + dir + " to watch");
        }
        this.dir = dir;
        this.station = station;
        this.pollInterval = pollInterval;
        Files.createDirectories(ledgerFile.toAbsolutePath().getParent());
        if (Files.exists(ledgerFile)) {
            for (String line : Files.readAllLines(ledgerFile, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    seen.add(line);
                }
            }
        }
        this.ledger = FileChannel.open(ledgerFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        if (lastSpooledId.isPresent()) {
            for (Candidate c : scan()) {
                if (idOf(c.key).equals(lastSpooledId.get())) {
                    record(c.key);
                }
            }
        }
    }

    /** The record id of a file with this ledger key: stable for the same file, station-scoped. */
    private String idOf(String key) {
        return station + "-f-" + Sha256.of(key.getBytes(StandardCharsets.UTF_8)).sha256().substring(0, 24);
    }

    private List<Candidate> scan() throws IOException {
        List<Candidate> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || name.endsWith(".tmp") || name.endsWith(".part")) {
                    continue;
                }
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    if (!a.isRegularFile()) {
                        continue;
                    }
                    long mtime = a.lastModifiedTime().toMillis();
                    String key = name + "\t" + a.size() + "\t" + mtime;
                    if (!seen.contains(key)) {
                        found.add(new Candidate(p, key, mtime));
                    }
                } catch (NoSuchFileException e) {
                    // removed while listing
                }
            }
        }
        found.sort(Comparator.comparingLong(Candidate::mtime).thenComparing(c -> c.file.getFileName().toString()));
        return found;
    }

    @Override
    public Optional<Capture> next(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (pending.isEmpty()) {
                try {
                    for (Candidate c : scan()) {
                        if (queued.add(c.key)) {
                            pending.add(c);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + dir, e);
                }
            }
            Candidate c = pending.poll();
            if (c != null) {
                try {
                    byte[] bytes = Files.readAllBytes(c.file);
                    return Optional.of(new Capture(idOf(c.key), "folder:" + c.file.getFileName() + "#" + c.key.hashCode(),
                            System.nanoTime(), bytes, null)).map(cap -> remember(cap, c.key));
                } catch (NoSuchFileException e) {
                    queued.remove(c.key);
                    continue;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + c.file, e);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            Thread.sleep(Math.min(pollInterval.toMillis(), Math.max(1, left / 1_000_000)));
        }
    }

    private final java.util.Map<String, String> keyById = new java.util.HashMap<>();

    private Capture remember(Capture c, String key) {
        keyById.put(c.id(), key);
        return c;
    }

    @Override
    public void done(Capture capture) {
        String key = keyById.remove(capture.id());
        if (key != null) {
            record(key);
            queued.remove(key);
        }
    }

    private void record(String key) {
        try {
            ledger.write(java.nio.ByteBuffer.wrap((key + "\n").getBytes(StandardCharsets.UTF_8)));
            ledger.force(false);
            seen.add(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the folder ledger", e);
        }
    }

    @Override
    public String describe() {
        return "folder:" + dir;
    }

    @Override
    public void close() {
        try {
            ledger.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
