package dev.loupe.edge.spool;

import dev.loupe.edge.record.EdgeRecord;
import dev.loupe.edge.record.EdgeRecordJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * The station's on-disk queue of records waiting for the platform: append-only segment files
 * ({@link Segment}) with a CRC per record, read back in order by the uploader and deleted once the
 * platform acknowledged every record in them.
 *
 * <p>Durability: a record is in the spool once {@link #append} returns; a killed agent (kill -9) loses
 * nothing appended. On open, a torn tail (a frame cut by a crash or power cut) is cut off the newest
 * segment. A damaged record inside a segment (a bad checksum with valid records after it) is skipped
 * and counted ({@link #recordsDamaged}); the records after it are kept. Forcing to the disk follows the {@link FsyncPolicy}. The acknowledged position is kept in
 * {@code ack}, replaced atomically.
 *
 * <p>Disk budget ({@link SpoolConfig}): images are dropped first (past {@code imageShare} of the
 * budget), then records (past the budget); each drop is counted, never silent. Acknowledged segments
 * are deleted, so the budget bounds what is waiting, not what was ever spooled.
 *
 * <p>Thread-safe: one writer and one reader at a time is the intended use. Holds an exclusive lock on
 * the directory while open; whoever opens it closes it.
 */
public final class Spool implements AutoCloseable {

    /** A spooled record with its image ({@code byte[0]} when none was kept). */
    public record Entry(EdgeRecord record, byte[] image) {
    }

    /**
     * The outcome of one {@link #append}: the sequence number, or -1 when the record was dropped (the
     * budget was reached, or the disk refused the write: {@code writeError} says why).
     */
    public record Appended(long sequence, boolean imageDropped, Optional<String> writeError) {
        public Appended(long sequence, boolean imageDropped) {
            this(sequence, imageDropped, Optional.empty());
        }

        public boolean dropped() {
            return sequence < 0;
        }
    }

    private final Path dir;
    private final SpoolConfig config;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ReentrantLock mutex = new ReentrantLock();
    private final Condition appended = mutex.newCondition();
    private final TreeMap<Long, Path> segments = new TreeMap<>();
    private final AtomicLong imagesDropped = new AtomicLong();
    private final AtomicLong recordsDropped = new AtomicLong();
    private final AtomicLong recordsDamaged = new AtomicLong();
    private long damagedCountedBelow; // sequence numbers below it whose loss is counted in recordsDamaged
    private final ScheduledExecutorService flusher;
    private FileChannel active;
    private long activeFirst;
    private volatile long activeEnd;
    private long closedBytes;
    private long nextSequence;
    private volatile long acked;
    private EdgeRecord last;
    private boolean dirty;
    // the reader's place, so consecutive reads continue instead of rescanning a segment
    private long cursorSequence = -1;
    private long cursorSegment = -1;
    private long cursorOffset;

    private Spool(Path dir, SpoolConfig config, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.config = config;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.flusher = config.fsync() instanceof FsyncPolicy.Interval
                ? Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "spool-fsync");
                    t.setDaemon(true);
                    return t;
                }) : null;
    }

    /**
     * Opens (creating) the spool in {@code dir}, recovering a torn tail.
     *
     * @throws IOException when the directory cannot be used, or another agent holds it
     */
    public static Spool open(Path dir, SpoolConfig config) throws IOException {
        Files.createDirectories(dir);
        FileChannel lc = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lc.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null; // held by this JVM
        }
        if (lock == null) {
            lc.close();
            throw new IOException("the spool " + dir + " is in use by another agent");
        }
        Spool s = new Spool(dir, config, lc, lock);
        try {
            s.recover();
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        if (s.flusher != null) {
            long ms = ((FsyncPolicy.Interval) config.fsync()).interval().toMillis();
            s.flusher.scheduleWithFixedDelay(s::forceIfDirty, ms, ms, TimeUnit.MILLISECONDS);
        }
        return s;
    }

    private void recover() throws IOException {
        Path ackFile = dir.resolve("ack");
        acked = Files.exists(ackFile) ? readAck(ackFile) : 0;
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().matches("seg-\\d{20}\\.log"))
                    .forEach(p -> segments.put(Segment.firstSequence(p), p));
        }
        long lastSeq = 0;
        if (!segments.isEmpty()) {
            Path newest = segments.lastEntry().getValue();
            long end = Segment.validEnd(newest);
            if (end < Files.size(newest)) {
                try (FileChannel ch = FileChannel.open(newest, StandardOpenOption.WRITE)) {
                    ch.truncate(end);
                    ch.force(true);
                }
            }
            for (Map.Entry<Long, Path> e : segments.descendingMap().entrySet()) {
                Optional<Segment.Frame> f = lastFrame(e.getValue());
                if (f.isPresent()) {
                    last = EdgeRecordJson.read(f.get().record()).withSequence(f.get().sequence());
                    lastSeq = f.get().sequence();
                    break;
                }
            }
            for (Path p : segments.headMap(segments.lastKey()).values()) {
                closedBytes += Files.size(p);
            }
        }
        nextSequence = Math.max(lastSeq, acked) + 1;
        if (segments.isEmpty()) {
            startSegment(nextSequence);
        } else {
            activeFirst = segments.lastKey();
            active = FileChannel.open(segments.lastEntry().getValue(), StandardOpenOption.WRITE);
            activeEnd = active.size();
        }
        deleteAcknowledged();
    }

    /**
     * The acknowledged sequence in {@code ack}; 0 when the file is damaged (not a number): every spooled
     * record is then sent again, which the platform answers as duplicates, instead of the agent not starting.
     */
    private static long readAck(Path ackFile) throws IOException {
        try {
            return Math.max(0, Long.parseLong(Files.readString(ackFile, StandardCharsets.US_ASCII).trim()));
        } catch (NumberFormatException | java.nio.charset.CharacterCodingException e) {
            return 0;
        }
    }

        private static Optional<Segment.Frame> lastFrame(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            long pos = 0;
            Segment.Frame lastFrame = null;
            while (true) {
                List<Segment.Frame> f = Segment.read(ch, pos, ch.size(), 4096);
                if (f.isEmpty()) {
                    return Optional.ofNullable(lastFrame);
                }
                lastFrame = f.getLast();
                pos = lastFrame.end();
            }
        }
    }

    /**
     * Appends a record (its sequence number is assigned here) and, budget permitting, its image. Never
     * throws for a full or failing disk: the record is then dropped and counted ({@link #recordsDropped}).
     *
     * @param image the encoded image to keep with the record, or {@code byte[0]} for none
     */
    public Appended append(EdgeRecord record, byte[] image) {
        return append(record, image, false);
    }

    /**
     * {@link #append(EdgeRecord, byte[])}, for a caller that may append the record again when the disk refuses it.
     *
     * @param retried the caller still holds the image and appends the record again when the disk refuses this
     *                write (a folder source keeps its files): a refusal is then returned ({@code writeError})
     *                but not counted as a dropped record, since nothing is lost
     */
    public Appended append(EdgeRecord record, byte[] image, boolean retried) {
        mutex.lock();
        boolean imageDropped = false;
        try {
            long seq = nextSequence;
            EdgeRecord r = record.withSequence(seq);
            byte[] json = EdgeRecordJson.write(r);
            long used = closedBytes + activeEnd;
            if (image.length > 0 && used + json.length + image.length + 32 > config.imageShare() * config.maxBytes()) {
                image = new byte[0];
                imageDropped = true;
                imagesDropped.incrementAndGet();
            }
            ByteBuffer frame = Segment.encode(seq, json, image);
            if (used + frame.remaining() > config.maxBytes()) {
                recordsDropped.incrementAndGet();
                if (imageDropped) {
                    imagesDropped.decrementAndGet(); // counted with the record
                }
                return new Appended(-1, imageDropped);
            }
            if (activeEnd > 0 && activeEnd + frame.remaining() > config.segmentBytes()) {
                rollSegment(seq);
            }
            long pos = activeEnd;
            while (frame.hasRemaining()) {
                pos += active.write(frame, pos);
            }
            activeEnd = pos;
            if (config.fsync() instanceof FsyncPolicy.Always) {
                active.force(false);
            } else {
                dirty = true;
            }
            nextSequence = seq + 1;
            last = r;
            appended.signalAll();
            return new Appended(seq, imageDropped);
        } catch (IOException e) {
            // a full or failing disk: the record is dropped and counted like one over the budget, unless
            // the caller writes it again; the frame's bytes past activeEnd are written over by the next
            // append (or cut on open)
            if (!retried) {
                recordsDropped.incrementAndGet();
            }
            if (imageDropped) {
                imagesDropped.decrementAndGet(); // counted with the record, or not dropped at all
            }
            return new Appended(-1, imageDropped, Optional.of("cannot write the spool " + dir + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
        } finally {
            mutex.unlock();
        }
    }

    /**
     * Up to {@code max} records after {@code afterSequence}, oldest first, stopping before
     * {@code maxBytes} of images and records (at least one record when any is waiting).
     */
    public List<Entry> read(long afterSequence, int max, long maxBytes) {
        mutex.lock();
        try {
            List<Entry> out = new ArrayList<>();
            long want = afterSequence + 1;
            long bytes = 0;
            while (out.size() < max && want < nextSequence) {
                Long segKey = segments.floorKey(want);
                if (segKey == null) {
                    segKey = segments.ceilingKey(want);
                    if (segKey == null) {
                        break;
                    }
                }
                Path p = segments.get(segKey);
                long limit = segKey == activeFirst ? activeEnd : Files.size(p);
                long from = cursorSegment == segKey && cursorSequence == want - 1 ? cursorOffset : 0;
                List<Segment.Frame> frames;
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                    frames = Segment.read(ch, from, limit, Math.max(64, max - out.size() + 64));
                }
                boolean progressed = false;
                for (Segment.Frame f : frames) {
                    if (f.sequence() < want) {
                        continue;
                    }
                    countDamaged(want, f.sequence());
                    long size = f.record().length + f.image().length;
                    if (!out.isEmpty() && (bytes + size > maxBytes || out.size() >= max)) {
                        return out;
                    }
                    out.add(new Entry(EdgeRecordJson.read(f.record()).withSequence(f.sequence()), f.image()));
                    bytes += size;
                    want = f.sequence() + 1;
                    cursorSegment = segKey;
                    cursorSequence = f.sequence();
                    cursorOffset = f.end();
                    progressed = true;
                }
                if (!progressed) {
                    Long next = segments.higherKey(segKey);
                    if (next == null) {
                        break;
                    }
                    countDamaged(want, next);
                    want = Math.max(want, next);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the spool " + dir, e);
        } finally {
            mutex.unlock();
        }
    }

    /** Waits until a record after {@code afterSequence} is spooled; false on timeout. */
    public boolean await(long afterSequence, Duration timeout) throws InterruptedException {
        mutex.lock();
        try {
            long nanos = timeout.toNanos();
            while (nextSequence - 1 <= afterSequence) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = appended.awaitNanos(nanos);
            }
            return true;
        } finally {
            mutex.unlock();
        }
    }

    /** Records the platform acknowledged every record up to {@code sequence}; deletes finished segments. */
    public void ack(long sequence) {
        mutex.lock();
        try {
            if (sequence <= acked) {
                return;
            }
            Path tmp = dir.resolve("ack.tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(ByteBuffer.wrap((sequence + "\n").getBytes(StandardCharsets.US_ASCII)));
                ch.force(true);
            }
            try {
                Files.move(tmp, dir.resolve("ack"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve("ack"), StandardCopyOption.REPLACE_EXISTING);
            }
            acked = sequence;
            deleteAcknowledged();
        } catch (IOException e) {
            throw new UncheckedIOException("could not record the acknowledgement in " + dir, e);
        } finally {
            mutex.unlock();
        }
    }

    /** The newest acknowledged sequence number (0 when none). */
    public long acked() {
        return acked;
    }

    /** The newest spooled sequence number (0 when none). */
    public long lastSequence() {
        mutex.lock();
        try {
            return nextSequence - 1;
        } finally {
            mutex.unlock();
        }
    }

    /** Records spooled and not yet acknowledged. */
    public long depth() {
        return Math.max(0, lastSequence() - acked);
    }

    /** Bytes of segment files on disk. */
    public long bytes() {
        mutex.lock();
        try {
            return closedBytes + activeEnd;
        } finally {
            mutex.unlock();
        }
    }

    /** The newest record spooled, also after a restart (the sources resume after it). */
    public Optional<EdgeRecord> last() {
        mutex.lock();
        try {
            return Optional.ofNullable(last);
        } finally {
            mutex.unlock();
        }
    }

    public long imagesDropped() {
        return imagesDropped.get();
    }

    public long recordsDropped() {
        return recordsDropped.get();
    }

    /** Records the sequence numbers {@code from} (inclusive) to {@code to} (exclusive) as lost to damage, once. */
    private void countDamaged(long from, long to) {
        long first = Math.max(from, damagedCountedBelow);
        if (to > first) {
            recordsDamaged.addAndGet(to - first);
            damagedCountedBelow = to;
        }
    }

    /** Records found damaged on disk (a bad checksum) while reading, skipped; counted once each. */
    public long recordsDamaged() {
        return recordsDamaged.get();
    }

    /** Starts the next segment; when it cannot be created, the current one stays open for writing. */
    private void rollSegment(long firstSeq) throws IOException {
        active.force(false);
        FileChannel next = FileChannel.open(dir.resolve(Segment.fileName(firstSeq)), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        closedBytes += activeEnd;
        active.close();
        useSegment(firstSeq, next);
        deleteAcknowledged();
    }

    private void startSegment(long firstSeq) throws IOException {
        useSegment(firstSeq, FileChannel.open(dir.resolve(Segment.fileName(firstSeq)), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE));
    }

    private void useSegment(long firstSeq, FileChannel ch) throws IOException {
        Path p = dir.resolve(Segment.fileName(firstSeq));
        active = ch;
        activeFirst = firstSeq;
        activeEnd = active.size();
        segments.put(firstSeq, p);
        dirty = false;
    }

    private void deleteAcknowledged() throws IOException {
        while (segments.size() > 1) {
            Map.Entry<Long, Path> first = segments.firstEntry();
            Long next = segments.higherKey(first.getKey());
            if (next == null || next - 1 > acked || first.getKey() == activeFirst) {
                return;
            }
            closedBytes -= Files.size(first.getValue());
            Files.delete(first.getValue());
            segments.remove(first.getKey());
        }
    }

    private void forceIfDirty() {
        mutex.lock();
        try {
            if (dirty && active.isOpen()) {
                active.force(false);
                dirty = false;
            }
        } catch (IOException e) {
            // the next interval tries again; the data is in the OS cache meanwhile
        } finally {
            mutex.unlock();
        }
    }

    @Override
    public void close() {
        if (flusher != null) {
            flusher.shutdown(); // not shutdownNow: an interrupt during force() would close the segment's channel
            try {
                flusher.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        mutex.lock();
        IOException failed = null;
        try {
            if (active != null && active.isOpen()) {
                try {
                    active.force(false);
                } catch (IOException e) {
                    failed = e; // a failing disk: still close the files and release the lock
                }
                active.close();
            }
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            failed = failed == null ? e : failed;
        } finally {
            mutex.unlock();
        }
        if (failed != null) {
            throw new UncheckedIOException("closing the spool " + dir + " failed", failed);
        }
    }
}
