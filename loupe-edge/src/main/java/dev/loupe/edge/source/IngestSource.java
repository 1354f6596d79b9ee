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
 * new images are refused too and the accepted ones are handed back to be decided. Thread-safe.
 */
public final class IngestSource implements ImageSource {
    private final BlockingQueue<Capture> queue;
    private final String station;
    private final AtomicLong counter = new AtomicLong();
    private final long epoch = System.currentTimeMillis();
    private boolean accepting = true; // guarded by this

    public IngestSource(String station, int capacity) {
        this.station = station;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /**
     * Offers a pushed image.
     *
     * @param frameId the camera's id for the image, if it sent one (used in the record id, so a camera
     *                that retries a push does not create a second record)
     * @return the record id, or empty when the queue is full or the agent is stopping ({@link #accepting()})
     */
    public synchronized Optional<String> offer(byte[] encoded, Optional<String> frameId, String camera) {
        String id = frameId.filter(s -> s.matches("[A-Za-z0-9._:-]{1,120}"))
                .map(f -> station + "-h-" + f)
                .orElseGet(() -> station + "-h-" + epoch + "-" + counter.incrementAndGet());
        Capture c = new Capture(id, "http:" + camera, System.nanoTime(), encoded, null);
        return accepting && queue.offer(c) ? Optional.of(id) : Optional.empty();
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
