package dev.loupe.monitor.log;

import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.core.monitoring.PredictionLog;
import dev.loupe.core.store.BlobId;
import dev.loupe.core.monitoring.LoggedImages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Logs predictions from the request path without slowing it: {@link #offer} puts the prediction in a
 * bounded in-memory buffer and returns at once; one background thread writes batches to the
 * {@link PredictionLog} (every {@code batchSize} predictions or {@code flushInterval}, whichever comes
 * first, or earlier when the buffered images pass a quarter of their bound) and the sampled images of each batch as one pack ({@link LoggedImages}: a hash and a copy per
 * image instead of a blob, a file and an fsync each).
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #offer} never blocks. When the buffer is full (the database is slow or down) the
 *       prediction is dropped and counted ({@link RecorderCounters#dropped()}), never the request.</li>
 *   <li>Durability is bounded: a crash loses at most what is buffered ({@code capacity}) plus the batch
 *       being written. {@link #close()} writes everything offered before it, then stops the thread.</li>
 *   <li>A failed write is retried three times with backoff (0.1, 0.2, 0.4 s), then counted as
 *       {@code failed}; the buffer keeps accepting meanwhile, up to its capacity.</li>
 *   <li>Images: a {@code REVIEW} or {@code REJECT} prediction's image is always kept; a {@code PASS}
 *       one with probability {@code imageSampleRate}; as long as the images waiting in the buffer stay
 *       under {@code maxBufferedImageBytes} (beyond, the prediction is logged without its image and the
 *       image counted as skipped: memory stays bounded when the store is slow and frames are large). The decision is made in {@link #offer}, so only
 *       kept images stay referenced; the caller must not modify the array after offering it.</li>
 *   <li>After each batch is written, the listener (if any) receives it on the writer thread, in stream
 *       order: live monitors hang here. A listener's exception is logged, never lost predictions.</li>
 * </ul>
 * Thread-safe: any number of request threads may offer concurrently. Whoever creates the recorder
 * closes it (before closing the stores it writes to).
 */
public final class PredictionRecorder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PredictionRecorder.class);
    private static final Entry WAKE = new Entry(null, null);

    private record Entry(LoggedPrediction prediction, byte[] image) {
    }

    private final PredictionLog log;
    private final LoggedImages images;
    private final RecorderConfig config;
    private final Consumer<List<LoggedPrediction>> listener;
    private final ArrayBlockingQueue<Entry> queue;
    private final Thread writer;
    private final LongAdder offered = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    /** Offers accepted so far: every {@code batchSize}-th wakes the writer before its interval ends. */
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong imagesKept = new AtomicLong();
    private final LongAdder imagesSkipped = new LongAdder();
    /** Bytes of the images in the buffer and in the batch being written. */
    private final AtomicLong imageBytes = new AtomicLong();
    /**
     * Buffered image bytes at which the writer writes without waiting for the batch or the interval: a quarter
     * of their bound, so large frames are written early rather than skipped at the bound.
     */
    private final long imageFlushBytes;
    private volatile boolean closing;
    /** Set by {@link #flush}: the writer writes what it has gathered without waiting for the batch or interval. */
    private volatile boolean flushing;

    /**
     * @param images where kept images go; null to keep none (every prediction is logged without its image)
     */
    public PredictionRecorder(PredictionLog log, LoggedImages images, RecorderConfig config) {
        this(log, images, config, batch -> {
        });
    }

    /**
     * @param images   where kept images go; null to keep none
     * @param listener receives every written batch, on the writer thread; keep it quick
     */
    public PredictionRecorder(PredictionLog log, LoggedImages images, RecorderConfig config,
                              Consumer<List<LoggedPrediction>> listener) {
        this.log = log;
        this.images = images;
        this.config = config;
        this.listener = listener;
        this.queue = new ArrayBlockingQueue<>(config.capacity());
        this.imageFlushBytes = Math.max(1, config.maxBufferedImageBytes() / 4);
        this.writer = Thread.ofPlatform().name("loupe-prediction-recorder").daemon().start(this::run);
    }

    /** Offers a prediction without its image. See {@link #offer(LoggedPrediction, byte[])}. */
    public boolean offer(LoggedPrediction prediction) {
        return offer(prediction, null);
    }

    /**
     * Offers a prediction for logging; never blocks.
     *
     * @param image the encoded image, or null; kept according to the sampling policy
     * @return false when it was dropped (buffer full, or the recorder is closed)
     */
    public boolean offer(LoggedPrediction prediction, byte[] image) {
        offered.increment();
        if (closing) {
            dropped.increment();
            return false;
        }
        byte[] kept = image != null && images != null && keepImage(prediction) && reserve(image.length) ? image : null;
        if (!queue.offer(new Entry(prediction, kept))) {
            if (kept != null) {
                imageBytes.addAndGet(-kept.length);
            }
            dropped.increment();
            return false;
        }
        if (sequence.incrementAndGet() % config.batchSize() == 0 || (kept != null && imageBytes.get() >= imageFlushBytes)) {
            LockSupport.unpark(writer); // about a batch (or enough image bytes) has come in: write it now, not at the interval
        }
        return true;
    }

    /** Counts an image's bytes into the buffer's, unless that would pass the bound (then counts it skipped). */
    private boolean reserve(int bytes) {
        long limit = config.maxBufferedImageBytes();
        for (long held = imageBytes.get(); ; held = imageBytes.get()) {
            if (held + bytes > limit) {
                imagesSkipped.increment();
                return false;
            }
            if (imageBytes.compareAndSet(held, held + bytes)) {
                return true;
            }
        }
    }

    private boolean keepImage(LoggedPrediction p) {
        return p.decision().keepImage() || (config.imageSampleRate() > 0
                && ThreadLocalRandom.current().nextDouble() < config.imageSampleRate());
    }

    public RecorderCounters counters() {
        return new RecorderCounters(offered.sum(), dropped.sum(), written.get(), failed.get(), imagesKept.get(),
                queue.size(), imagesSkipped.sum());
    }

    /**
     * CPU time the writer thread has used so far (database and blob writes, image hashing, the listener),
     * in nanoseconds; -1 when the JVM does not measure thread CPU time or the writer has stopped.
     */
    public long writerCpuNanos() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        return threads.isThreadCpuTimeSupported() ? threads.getThreadCpuTime(writer.threadId()) : -1;
    }

    /**
     * Returns once everything offered before this call is written (or counted as failed), having the writer
     * write at once instead of at the end of its interval: for the server's feedback endpoint (a label is
     * acknowledged only once its prediction is written), and benchmarks and tests that must account for, or read,
     * what was logged. Waits on the counts, in steps of 0.1 ms; returns at once after {@link #close}.
     */
    public void flush() {
        flush(Duration.ofNanos(Long.MAX_VALUE));
    }

    /**
     * {@link #flush()}, waiting at most {@code timeout}.
     *
     * @return false when what was offered is not all written by then, or the writer thread is gone (it died of
     *         an error): the caller must not count on it being written
     */
    public boolean flush(Duration timeout) {
        long target = sequence.get();
        long start = System.nanoTime();
        while (!closing && written.get() + failed.get() < target) {
            if (!writer.isAlive() || System.nanoTime() - start > timeout.toNanos()) {
                return false;
            }
            flushing = true;
            LockSupport.unpark(writer);
            LockSupport.parkNanos(100_000);
        }
        return true;
    }

    /** Writes everything offered before this call, then stops the writer. Idempotent. */
    @Override
    public void close() {
        closing = true;
        queue.offer(WAKE); // when full, the writer is busy anyway and sees the flag
        try {
            // unparked again until it ends: one unpark can be lost, its permit taken by a park inside the queue's lock
            // (drainTo contended by an offer), and the writer would then sleep out a whole flush interval (an hour in
            // a test: a close that hung)
            while (writer.isAlive()) {
                LockSupport.unpark(writer);
                writer.join(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Entry> rest = new ArrayList<>();
        queue.drainTo(rest); // offers that raced with closing
        write(rest);
    }

    private void run() {
        List<Entry> batch = new ArrayList<>(config.batchSize());
        long intervalNanos = config.flushInterval().toNanos();
        try {
            while (!(closing && queue.isEmpty())) {
                Entry first = queue.poll(intervalNanos, TimeUnit.NANOSECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + intervalNanos;
                while (batch.size() < config.batchSize() && !closing) {
                    queue.drainTo(batch, config.batchSize() - batch.size());
                    long wait = deadline - System.nanoTime();
                    if (batch.size() >= config.batchSize() || wait <= 0 || imageBytes.get() >= imageFlushBytes || flushing) {
                        break;
                    }
                    // not queue.poll(wait): waiting on the queue, this thread would be woken by every offer,
                    // a futex wake paid by the request thread and a context switch here per prediction
                    LockSupport.parkNanos(this, wait);
                }
                if (closing) {
                    queue.drainTo(batch, config.batchSize() - batch.size());
                }
                flushing = false; // before the write: a flush that asks again meanwhile gets another batch
                write(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(List<Entry> entries) {
        List<LoggedPrediction> batch = new ArrayList<>(entries.size());
        List<Integer> withImage = new ArrayList<>();
        List<byte[]> kept = new ArrayList<>();
        for (Entry e : entries) {
            if (e == WAKE) {
                continue;
            }
            if (e.image() != null) {
                withImage.add(batch.size());
                kept.add(e.image());
            }
            batch.add(e.prediction());
        }
        if (batch.isEmpty()) {
            return;
        }
        if (!kept.isEmpty()) {
            keep(batch, withImage, kept);
            long bytes = 0;
            for (byte[] k : kept) {
                bytes += k.length;
            }
            imageBytes.addAndGet(-bytes);
        }
        for (int attempt = 0; ; attempt++) {
            try {
                log.append(batch);
                written.addAndGet(batch.size());
                break;
            } catch (RuntimeException ex) {
                if (attempt == 3) {
                    failed.addAndGet(batch.size());
                    LOG.warn("prediction log: lost {} predictions after {} attempts: {}", batch.size(), attempt + 1, ex.getMessage());
                    return;
                }
                LOG.warn("prediction log: write failed, retrying: {}", ex.getMessage());
                try {
                    Thread.sleep(100L << attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        try {
            listener.accept(batch);
        } catch (RuntimeException ex) {
            LOG.warn("prediction log listener failed: {}", ex.toString());
        }
    }

    /** Writes the batch's kept images as one pack (before the rows that refer to them) and refers to them. */
    private void keep(List<LoggedPrediction> batch, List<Integer> withImage, List<byte[]> kept) {
        try {
            List<BlobId> ids = images.keep(kept);
            for (int i = 0; i < ids.size(); i++) {
                int at = withImage.get(i);
                batch.set(at, batch.get(at).withImage(ids.get(i)));
            }
            imagesKept.addAndGet(ids.size());
        } catch (IOException | RuntimeException ex) {
            LOG.warn("prediction log: {} images not kept: {}", kept.size(), ex.getMessage());
        }
    }
}
