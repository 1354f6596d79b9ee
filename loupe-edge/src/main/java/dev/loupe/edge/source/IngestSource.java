package dev.loupe.edge.source;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Images pushed by cameras over HTTP ({@code POST /ingest}, served by the agent's local HTTP server):
 * a bounded queue between the request threads and the pipeline. A full queue refuses the image (the
 * camera gets 503 and may retry) rather than let memory grow. Once the agent stops ({@link #drain}),
 * new images are refused too and the accepted ones are handed back to be decided. A push that repeats the
 * {@code X-Frame-Id} of one accepted in the last {@link #REMEMBERED} is not decided again: a camera that retries
 * after a lost answer must not make the line hear two decisions for one part. Thread-safe.
 */
public final class IngestSource implements ImageSource {
    private final BlockingQueue<Capture> queue;
    private final String station;
    private final AtomicLong counter = new AtomicLong();
    private final long epoch = System.currentTimeMillis();
    private boolean accepting = true; // guarded by this

    /** How many accepted frame ids are remembered to recognise a camera's retry. */
    public static final int REMEMBERED = 4096;

    private final java.util.Set<String> recent = java.util.Collections.newSetFromMap(new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    }); // guarded by this

    /** A push taken: its record id, and whether the same frame id was accepted before (then not queued again). */
    public record Accepted(String id, boolean duplicate) {
    }

    public IngestSource(String station, int capacity) {
        this.station = station;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /**
     * Offers a pushed image.
     *
     * @param frameId the camera's id for the image, if it sent one (used in the record id, so a camera
     *                that retries a push does not create a second record)
     * @return the record id (a repeated frame id: the first push's, not queued again), or empty when the queue is
     *         full or the agent is stopping ({@link #accepting()})
     */
    public synchronized Optional<Accepted> offer(byte[] encoded, Optional<String> frameId, String camera) {
        Optional<String> frame = frameId.filter(s -> s.matches("[A-Za-z0-9._:-]{1,120}"));
        String id = frame.map(f -> station + "-h-" + f)
                .orElseGet(() -> station + "-h-" + epoch + "-" + counter.incrementAndGet());
        if (frame.isPresent() && recent.contains(id)) {
            return Optional.of(new Accepted(id, true));
        }
        Capture c = new Capture(id, "http:" + camera, System.nanoTime(), encoded, null);
        if (!accepting || !queue.offer(c)) {
            return Optional.empty();
        }
        if (frame.isPresent()) {
            recent.add(id);
        }
        return Optional.of(new Accepted(id, false));
    }

    /** False once the agent is stopping: pushes are refused. */
    public synchronized boolean accepting() {
        return accepting;
    }

    @Override
    public synchronized List<Capture> drain() {
        accepting = false;
        List<Capture> left = new ArrayList<>();
        queue.drainTo(left);
        return left;
    }

    @Override
    public Optional<Capture> next(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    @Override
    public String describe() {
        return "http:/ingest";
    }

    @Override
    public void close() {
        queue.clear();
    }
}
