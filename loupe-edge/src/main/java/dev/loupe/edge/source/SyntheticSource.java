package dev.loupe.edge.source;

import dev.loupe.data.generate.Frame;
import dev.loupe.data.generate.LineOptions;
import dev.loupe.data.generate.ProductionLine;
import dev.loupe.data.generate.Scenario;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The synthetic production line ({@link ProductionLine}) as a camera: frames {@code from, from + 1, ...}
 * rendered on a thread of their own, at {@code rate} frames per second (0: as fast as they render).
 * Frame {@code i}'s record id is {@code <station>-<scenario>-<seed>-<i>}, so a restarted agent that
 * resumes after the last spooled frame never repeats an id.
 */
public final class SyntheticSource implements ImageSource {
    private final ProductionLine line;
    private final String station;
    private final double rate;
    private final long end;
    private final BlockingQueue<Capture> frames = new ArrayBlockingQueue<>(32);
    private final Thread renderer;
    private volatile boolean stopped;
    private volatile boolean rendered;

    /**
     * @param from  the first frame index
     * @param count how many frames, or {@code Long.MAX_VALUE} for an endless line
     * @param rate  frames per second, 0 for as fast as possible
     */
    public SyntheticSource(String station, Scenario scenario, long seed, LineOptions options, long from, long count, double rate) {
        if (rate < 0) {
            throw new IllegalArgumentException("rate must be >= 0 frames/s, got " + rate);
        }
        this.line = new ProductionLine(scenario, seed, options);
        this.station = station;
        this.rate = rate;
        this.end = count == Long.MAX_VALUE ? Long.MAX_VALUE : from + count;
        this.renderer = Thread.ofPlatform().daemon().name("synthetic-line").start(() -> render(from));
    }

    private void render(long from) {
        long start = System.nanoTime();
        long periodNanos = rate == 0 ? 0 : (long) (1e9 / rate);
        try {
            for (long i = from; i < end && !stopped; i++) {
                if (periodNanos > 0) {
                    long due = start + (i - from) * periodNanos;
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0 && !stopped) {
                        LockSupport.parkNanos(wait);
                    }
                }
                Frame f = line.frame(i);
                Capture c = new Capture(idOf(i), "synthetic:" + line.scenario().cliName() + "#" + i, System.nanoTime(), null, f.image());
                while (!stopped && !frames.offer(c, 100, TimeUnit.MILLISECONDS)) {
                    // the pipeline is behind: a real camera would drop frames; the line waits instead
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            rendered = true;
        }
    }

    /** The record id of frame {@code index}. */
    public String idOf(long index) {
        return station + "-" + line.scenario().cliName() + "-" + line.seed() + "-" + index;
    }

    /** The frame index a record id of this line names, or -1 when it is another source's. */
    public long indexOf(String id) {
        String prefix = station + "-" + line.scenario().cliName() + "-" + line.seed() + "-";
        if (!id.startsWith(prefix)) {
            return -1;
        }
        try {
            return Long.parseLong(id.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public Optional<Capture> next(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(frames.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean finished() {
        return rendered && frames.isEmpty();
    }

    @Override
    public String describe() {
        return "synthetic:" + line.scenario().cliName() + (rate > 0 ? "@" + rate + "fps" : "");
    }

    @Override
    public void close() {
        stopped = true;
        renderer.interrupt();
    }
}
