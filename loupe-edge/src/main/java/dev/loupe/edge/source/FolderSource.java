package dev.loupe.edge.source;

import dev.loupe.core.store.Sha256;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
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
 *
 * <p>Nor does a folder that comes and goes (a network share that drops, a camera's USB disk remounting,
 * permissions changed), nor one that is not there yet when the source starts (a share that mounts a few
 * seconds after the box boots): while it cannot be listed the source waits, listing again after the same
 * pauses, and hands files out as soon as it can. Only a path that is a file, not a folder, is refused at
 * once. A file that vanished between listing and reading (the camera
 * software moved it) is skipped; one whose size changed since it was listed (still being written) is taken
 * again at the next listing, under its final size. A file that cannot be read (permission denied, an I/O
 * error) is tried {@link #READ_TRIES} times, each after the same pauses, while the other files keep coming;
 * then it is handed out as unreadable ({@link Capture#unreadable}), so the agent records it for review and it
 * goes into the ledger like any other: a person looks at it, and it is not tried forever. A folder that
 * cannot be listed is logged once when it starts and once when it is listed again; files that cannot be read,
 * once when the first fails, once for each file given up, and once when those waiting are read again.
 */
public final class FolderSource implements ImageSource {
    /** The pause after the first write the disk refused; it doubles with each refusal up to {@link #MAX_BACKOFF}. */
    public static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** How many times a file that cannot be read is tried before it is handed out as unreadable. */
    public static final int READ_TRIES = 4;

    /** Reads a file's bytes; a seam for tests, since root reads files whatever their permissions. */
    interface FileReads {
        byte[] read(Path file) throws IOException;
    }

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
    private final FileReads reader;
    private FileChannel ledger; // opened for the first write, and again after a failed one
    private boolean ledgerTorn; // a failed write, or a power cut before this start, may have left part of a line
    private boolean refusing; // the disk refused a write, and none went through since
    private Duration backoff = Duration.ZERO;
    private long resumeAtNanos;
    private boolean unlisted; // the folder could not be listed, and has not been since
    private Duration listBackoff = Duration.ZERO;
    private long listAtNanos;
    private final Set<String> unreadable = new HashSet<>(); // keys of files waiting to be tried again
    private Optional<String> spooledNotInLedger; // the spool's newest record id, until the folder is first listed

    /** A file to hand out; {@code failedReads} and {@code notBeforeNanos} count and pace the tries to read it. */
    private record Candidate(Path file, String key, long size, long mtime, int failedReads, long notBeforeNanos) {
        Candidate failedRead(long notBeforeNanos) {
            return new Candidate(file, key, size, mtime, failedReads + 1, notBeforeNanos);
        }
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
     * @param warnings where a disk's refusal, a folder that cannot be listed, a file that cannot be read and
     *                 their ends are told, once each per episode
     */
    public FolderSource(Path dir, Path ledgerFile, String station, Optional<String> lastSpooledId, Duration pollInterval,
                        LongSupplier nanoTime, Consumer<String> warnings) throws IOException {
        this(dir, ledgerFile, station, lastSpooledId, pollInterval, nanoTime, warnings, Files::readAllBytes);
    }

    FolderSource(Path dir, Path ledgerFile, String station, Optional<String> lastSpooledId, Duration pollInterval,
                 LongSupplier nanoTime, Consumer<String> warnings, FileReads reader) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException(dir + " is a file, not a folder to watch");
        }
        this.dir = dir;
        this.ledgerFile = ledgerFile;
        this.station = station;
        this.pollInterval = pollInterval;
        this.nanoTime = nanoTime;
        this.warnings = warnings;
        this.reader = reader;
        this.resumeAtNanos = nanoTime.getAsLong();
        this.listAtNanos = resumeAtNanos;
        Files.createDirectories(ledgerFile.toAbsolutePath().getParent());
        if (Files.exists(ledgerFile)) {
            // A power cut while a line was written leaves part of it, maybe ending inside a character: decoded
            // leniently (the torn key matches no file), and the next line starts on a line of its own.
            byte[] bytes = Files.readAllBytes(ledgerFile);
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    seen.add(line);
                }
            }
            ledgerTorn = bytes.length > 0 && bytes[bytes.length - 1] != '\n';
        }
        this.spooledNotInLedger = lastSpooledId;
        try {
            settleSpooled(scan());
        } catch (IOException e) {
            folderOut(e, " at start-up"); // a share that mounts after boot: waited for as when it goes later
        }
    }

    /** Puts the file whose record the spool has but the ledger lacks into the ledger, at the first listing. */
    private void settleSpooled(List<Candidate> found) {
        if (spooledNotInLedger.isPresent()) {
            for (Candidate c : found) {
                if (idOf(c.key).equals(spooledNotInLedger.get())) {
                    record(c.key);
                }
            }
            spooledNotInLedger = Optional.empty();
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
                        found.add(new Candidate(p, key, a.size(), mtime, 0, 0));
                    }
                } catch (NoSuchFileException e) {
                    // removed while listing
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause(); // the folder went away while it was being listed
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
            Candidate c = nextDue();
            if (c == null) {
                list();
                c = nextDue();
            }
            if (c != null) {
                Optional<Capture> capture = read(c);
                if (capture.isPresent()) {
                    return capture;
                }
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            Thread.sleep(Math.min(pollInterval.toMillis(), Math.max(1, left / 1_000_000)));
        }
    }

    /** Takes the first waiting file that may be tried now, or null. */
    private Candidate nextDue() {
        long now = nanoTime.getAsLong();
        for (var it = pending.iterator(); it.hasNext(); ) {
            Candidate c = it.next();
            if (c.failedReads == 0 || now - c.notBeforeNanos >= 0) {
                it.remove();
                return c;
            }
        }
        return null;
    }

    /** Queues the files not seen yet; a folder that cannot be listed is listed again after a pause. */
    private void list() {
        if (nanoTime.getAsLong() - listAtNanos < 0) {
            return;
        }
        List<Candidate> found;
        try {
            found = scan();
        } catch (IOException e) {
            folderOut(e, "");
            return;
        }
        if (unlisted) {
            warnings.accept("folder " + dir + ": listed again");
        }
        unlisted = false;
        listBackoff = Duration.ZERO;
        settleSpooled(found);
        for (Candidate c : found) {
            if (!seen.contains(c.key) && queued.add(c.key)) {
                pending.add(c);
            }
        }
    }

    /** The folder cannot be listed: warns once per episode and lists it again after the next pause. */
    private void folderOut(IOException e, String when) {
        if (!unlisted) {
            warnings.accept("folder " + dir + ": cannot list it" + when + " (" + why(e) + "); waiting for it, listing"
                    + " again after " + FIRST_BACKOFF.toSeconds() + " s, doubling to " + MAX_BACKOFF.toSeconds() + " s");
        }
        unlisted = true;
        listBackoff = longer(listBackoff);
        listAtNanos = nanoTime.getAsLong() + listBackoff.toNanos();
    }

    /** Whether the folder can be listed now (opened as a directory, nothing read). */
    private boolean listable() {
        try (DirectoryStream<Path> ignored = Files.newDirectoryStream(dir)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Reads a file into a capture; empty when it vanished, is still being written (both taken up again by the
     * next listing if they are there), or cannot be read yet (tried again after a pause).
     */
    private Optional<Capture> read(Candidate c) {
        String ref = "folder:" + c.file.getFileName() + "#" + c.key.hashCode();
        byte[] bytes;
        try {
            bytes = reader.read(c.file);
        } catch (NoSuchFileException e) {
            queued.remove(c.key);
            unreadable.remove(c.key);
            return Optional.empty();
        } catch (IOException e) {
            if (!listable()) {
                // the folder itself is out (a share that dropped, a camera remounting): not this file's fault, so no
                // try is counted; nothing is read until the folder can be listed again
                pending.addFirst(c);
                folderOut(e, "");
                if (listAtNanos - resumeAtNanos > 0) {
                    resumeAtNanos = listAtNanos;
                }
                return Optional.empty();
            }
            int tries = c.failedReads + 1;
            if (unreadable.isEmpty()) {
                warnings.accept("folder " + dir + ": cannot read " + c.file.getFileName() + " (" + why(e)
                        + "); other files go on, and each file is tried " + READ_TRIES + " times before it is recorded"
                        + " for review as unreadable");
            }
            unreadable.add(c.key);
            if (tries >= READ_TRIES) {
                unreadable.remove(c.key);
                warnings.accept("folder " + dir + ": " + c.file.getFileName() + " could not be read in " + READ_TRIES
                        + " tries; recorded for review as unreadable");
                Capture capture = Capture.unreadable(idOf(c.key), ref, System.nanoTime(),
                        "cannot read " + c.file.getFileName() + " in " + READ_TRIES + " tries: " + why(e));
                handedOut.put(capture.id(), c);
                return Optional.of(capture);
            }
            pending.add(c.failedRead(nanoTime.getAsLong() + pause(tries).toNanos()));
            return Optional.empty();
        }
        if (bytes.length != c.size) {
            queued.remove(c.key); // still being written: its final size and time make a new key
            unreadable.remove(c.key);
            return Optional.empty();
        }
        if (unreadable.remove(c.key) && unreadable.isEmpty()) {
            warnings.accept("folder " + dir + ": files are read again");
        }
        Capture capture = new Capture(idOf(c.key), ref, System.nanoTime(), bytes, null);
        handedOut.put(capture.id(), c);
        return Optional.of(capture);
    }

    /** The pause after the {@code n}th failure in a row (1 s, 2 s, 4 s ...): {@link #FIRST_BACKOFF} doubling to {@link #MAX_BACKOFF}. */
    private static Duration pause(int n) {
        Duration d = Duration.ZERO;
        for (int i = 0; i < n; i++) {
            d = longer(d);
        }
        return d;
    }

    private static Duration longer(Duration backoff) {
        Duration doubled = backoff.multipliedBy(2);
        return backoff.isZero() ? FIRST_BACKOFF : doubled.compareTo(MAX_BACKOFF) < 0 ? doubled : MAX_BACKOFF;
    }

    private static String why(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
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
        backoff = longer(backoff);
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
