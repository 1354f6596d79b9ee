package dev.loupe.edge.source;

import dev.loupe.core.store.Sha256;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * A watched folder: image files that appear in it are handed out in arrival order (modification time,
 * then name), each exactly once, also across restarts.
 *
 * <p>"Once" is kept in a ledger file (one line per file: name, size, modification time), opened for
 * its first line, appended and forced in {@link #done}, after the record is spooled. A crash between
 * the two leaves the file out of the ledger but its record at the spool's tail; the agent passes that
 * record's id in, so the file is not decided twice. Cameras should write a file under a temporary name and rename it:
 * names starting with {@code .} or ending in {@code .tmp} or {@code .part} are ignored.
 *
 * <p>A full or failing disk does not end the source. A file whose record the disk refused is taken back
 * ({@link #retryLater}) and handed out again, before any other, after a pause of 1 s doubling to 30 s for as
 * long as the disk keeps refusing; the file stays in the folder meanwhile, so nothing is lost. A ledger line
 * the disk refuses is kept in memory (the file is not handed out again) and written with the next one. Each
 * episode is logged once, when it starts, and once when a record and its ledger line are written again.
 */
public final class FolderSource implements ImageSource {
    /** The pause after the first write the disk refused; it doubles with each refusal up to {@link #MAX_BACKOFF}. */
    public static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final Path dir;
    private final Path ledgerFile;
    private final String station;
    private final Set<String> seen = new HashSet<>();
    private final Deque<Candidate> pending = new ArrayDeque<>();
    private final Set<String> queued = new HashSet<>();
    private final Map<String, Candidate> handedOut = new HashMap<>();
    private final List<String> unwritten = new ArrayList<>(); // ledger lines the disk refused, oldest first
    private final Duration pollInterval;
    private final LongSupplier nanoTime;
    private final Consumer<String> warnings;
    private FileChannel ledger; // opened for the first write, and again after a failed one
    private boolean ledgerTorn; // a failed write may have left part of a line
    private boolean refusing; // the disk refused a write, and none went through since
    private Duration backoff = Duration.ZERO;
    private long resumeAtNanos;

    private record Candidate(Path file, String key, long mtime) {
    }

    /**
     * @param ledgerFile    where handed-out files are recorded (created when missing)
     * @param lastSpooledId the id of the spool's newest record, if any (see the class comment)
     */
    public FolderSource(Path dir, Path ledgerFile, String station, Optional<String> lastSpooledId, Duration pollInterval)
            throws IOException {
        this(dir, ledgerFile, station, lastSpooledId, pollInterval, System::nanoTime,
                m -> System.getLogger(FolderSource.class.getName()).log(System.Logger.Level.WARNING, m));
    }

    /**
     * @param nanoTime the clock of the pauses after a refused write ({@link System#nanoTime()})
     * @param warnings where a disk's refusal and its end are told, once each per episode
     */
    public FolderSource(Path dir, Path ledgerFile, String station, Optional<String> lastSpooledId, Duration pollInterval,
                        LongSupplier nanoTime, Consumer<String> warnings) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("no folder " + dir + " to watch");
        }
        this.dir = dir;
        this.ledgerFile = ledgerFile;
        this.station = station;
        this.pollInterval = pollInterval;
        this.nanoTime = nanoTime;
        this.warnings = warnings;
        this.resumeAtNanos = nanoTime.getAsLong();
        Files.createDirectories(ledgerFile.toAbsolutePath().getParent());
        if (Files.exists(ledgerFile)) {
            for (String line : Files.readAllLines(ledgerFile, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    seen.add(line);
                }
            }
        }
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
            if (nanoTime.getAsLong() - resumeAtNanos < 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                Thread.sleep(Math.min(pollInterval.toMillis(), Math.max(1, left / 1_000_000)));
                continue; // paused after a refused write
            }
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
                    Capture capture = new Capture(idOf(c.key), "folder:" + c.file.getFileName() + "#" + c.key.hashCode(),
                            System.nanoTime(), bytes, null);
                    handedOut.put(capture.id(), c);
                    return Optional.of(capture);
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

    @Override
    public void done(Capture capture) {
        Candidate c = handedOut.remove(capture.id());
        if (c != null) {
            record(c.key);
            queued.remove(c.key);
            if (unwritten.isEmpty()) {
                recovered();
            }
        }
    }

    @Override
    public boolean canRetry() {
        return true;
    }

    @Override
    public void retryLater(Capture capture, String reason) {
        Candidate c = handedOut.remove(capture.id());
        if (c == null) {
            return;
        }
        pending.addFirst(c);
        refused(reason);
        Duration doubled = backoff.multipliedBy(2);
        backoff = backoff.isZero() ? FIRST_BACKOFF : doubled.compareTo(MAX_BACKOFF) < 0 ? doubled : MAX_BACKOFF;
        resumeAtNanos = nanoTime.getAsLong() + backoff.toNanos();
    }

    /**
     * Marks the file done, in memory at once and in the ledger as soon as the disk takes the line (with any
     * lines it refused before, in order).
     */
    private void record(String key) {
        seen.add(key);
        unwritten.add(key);
        writeLedger();
    }

    private void writeLedger() {
        try {
            if (ledger == null) {
                ledger = FileChannel.open(ledgerFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
            }
            // a refused write may have left part of a line: start a new one (blank lines are skipped on reading)
            String lines = (ledgerTorn ? "\n" : "") + String.join("\n", unwritten) + "\n";
            ByteBuffer buf = ByteBuffer.wrap(lines.getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ledger.write(buf);
            }
            ledger.force(false);
            unwritten.clear();
            ledgerTorn = false;
        } catch (IOException e) {
            ledgerTorn = true;
            closeLedger();
            refused("cannot write the folder ledger " + ledgerFile + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    /** Tells the start of an episode of refused writes, once. */
    private void refused(String reason) {
        if (!refusing) {
            warnings.accept("folder " + dir + ": " + reason + "; the files stay in the folder and are taken again once "
                    + "the disk takes writes (retrying after " + FIRST_BACKOFF.toSeconds() + " s, doubling to "
                    + MAX_BACKOFF.toSeconds() + " s)");
        }
        refusing = true;
    }

    /** Tells the end of an episode, once: a record was spooled and its ledger line written. */
    private void recovered() {
        if (refusing) {
            warnings.accept("folder " + dir + ": the disk takes writes again");
        }
        refusing = false;
        backoff = Duration.ZERO;
    }

    private void closeLedger() {
        try {
            if (ledger != null) {
                ledger.close();
            }
        } catch (IOException e) {
            // the write already failed; the next one opens the ledger again
        }
        ledger = null;
    }

    @Override
    public String describe() {
        return "folder:" + dir;
    }

    /**
     * Closes the ledger, writing the lines the disk refused before if it takes them now; lines still refused
     * are lost, and their files are decided again after a restart (under the same record ids, which the
     * platform stores once).
     */
    @Override
    public void close() {
        if (!unwritten.isEmpty()) {
            writeLedger();
        }
        if (!unwritten.isEmpty()) {
            warnings.accept("folder " + dir + ": " + unwritten.size() + " ledger lines not written; their files are"
                    + " decided again after a restart");
        }
        try {
            if (ledger != null) {
                ledger.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
