package dev.loupe.serve.infer;

import dev.loupe.core.inference.InferenceException;
import dev.loupe.serve.ServeException;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where inference work waits and runs: at most {@code threads} inferences at once (one per core by
 * default, each on one ONNX Runtime thread), and at most {@code capacity} more waiting for a turn.
 *
 * <p>{@link #call} runs the work on the caller's own thread once a permit is free, so a request thread
 * (a virtual thread per HTTP request) decodes, preprocesses and infers itself: no hand-over to another
 * thread and back, which the in-process limit never pays (about 0.1 ms per request on this kind of
 * machine, docs/benchmarks.md). {@link #submit} is for callers that must not block (the gRPC event
 * loop): when a permit is free at once, the work runs right there (one inference, no wait for a turn);
 * otherwise it waits for a permit on one of the queue's own platform threads.
 *
 * <p>Back-pressure: when every permit is taken and {@code capacity} requests already wait, both fail at
 * once with {@link ServeException.Kind#OVERLOADED} (HTTP 503 with Retry-After) instead of letting the
 * queue grow and every client's latency with it. Permits are handed out first come, first served.
 *
 * <p>Thread-safe. Owns its threads: whoever creates it closes it.
 */
public final class InferenceQueue implements AutoCloseable {

    private final int threads;
    private final int capacity;
    private final Duration retryAfter;
    private final Semaphore permits;
    /** Requests admitted and not yet finished: running or waiting for a permit. */
    private final AtomicInteger admitted = new AtomicInteger();
    private final ExecutorService pool;
    private volatile boolean closed;

    /**
     * @param threads    inferences that may run at once
     * @param capacity   requests that may wait for a turn; more are refused
     * @param retryAfter what a refused client is told to wait
     */
    public InferenceQueue(int threads, int capacity, Duration retryAfter) {
        if (threads < 1 || capacity < 0) {
            throw new IllegalArgumentException("threads must be >= 1 and queue capacity >= 0, got " + threads + " and " + capacity);
        }
        this.threads = threads;
        this.capacity = capacity;
        this.retryAfter = retryAfter;
        this.permits = new Semaphore(threads, true);
        AtomicInteger n = new AtomicInteger();
        // admission bounds what reaches this executor's queue to threads + capacity
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "loupe-infer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Work that runs under a permit. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws InferenceException;
    }

    /**
     * Waits for a permit and runs work on the calling thread.
     *
     * @throws ServeException overloaded when {@code capacity} requests already wait; bad request /
     *                        internal for an {@link InferenceException} by its {@code isClientError}
     */
    public <T> T call(Work<T> work) {
        admit();
        try {
            return underPermit(work);
        } finally {
            admitted.decrementAndGet();
        }
    }

    /**
     * Runs work without waiting for a turn: on the calling thread when a permit is free now (the future
     * is then complete on return), else on one of the queue's threads once a permit is, and the future
     * completes there (so whatever is chained to it runs there too).
     *
     * @throws ServeException overloaded when the queue is full (nothing was queued)
     */
    public <T> CompletableFuture<T> submit(Work<T> work) {
        admit();
        CompletableFuture<T> f = new CompletableFuture<>();
        if (freeNow()) { // no hand-over, and no wait: the event loop does not block on a turn
            try {
                f.complete(work.run());
            } catch (Throwable t) {
                f.completeExceptionally(t instanceof InferenceException || t instanceof RuntimeException ? translate(t) : t);
            } finally {
                permits.release();
                admitted.decrementAndGet();
            }
            return f;
        }
        try {
            pool.execute(() -> {
                T result;
                try {
                    result = underPermit(work);
                } catch (Throwable t) {
                    admitted.decrementAndGet();
                    f.completeExceptionally(t);
                    return;
                }
                admitted.decrementAndGet();
                f.complete(result);
            });
        } catch (RejectedExecutionException e) {
            admitted.decrementAndGet();
            throw refused();
        }
        return f;
    }

    /**
     * Takes a permit if one is free and nobody waits for one: unlike {@code tryAcquire()}, which barges,
     * this keeps first come, first served, so callers queued on the pool are not overtaken.
     */
    private boolean freeNow() {
        try {
            return permits.tryAcquire(0, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void admit() {
        if (closed) {
            throw refused();
        }
        int limit = threads + capacity;
        for (int n = admitted.get(); ; n = admitted.get()) {
            if (n >= limit) {
                throw refused();
            }
            if (admitted.compareAndSet(n, n + 1)) {
                return;
            }
        }
    }

    private <T> T underPermit(Work<T> work) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServeException(ServeException.Kind.OVERLOADED, "interrupted while waiting for inference");
        }
        try {
            return work.run();
        } catch (InferenceException | RuntimeException e) {
            throw translate(e);
        } finally {
            permits.release();
        }
    }

    /** Requests waiting for a turn now. */
    public int waiting() {
        return Math.max(0, admitted.get() - running());
    }

    /** Inferences running now. */
    public int running() {
        return threads - permits.availablePermits();
    }

    public int threads() {
        return threads;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** Refuses new work, then waits up to 10 s for the work running and waiting to finish. */
    @Override
    public void close() {
        closed = true;
        pool.shutdown();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
            // callers on their own threads: every permit back means none is running
            if (permits.tryAcquire(threads, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                permits.release(threads);
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private ServeException refused() {
        if (closed) {
            return new ServeException(ServeException.Kind.OVERLOADED, "the server is shutting down");
        }
        return new ServeException(ServeException.Kind.OVERLOADED, "the server is at capacity ("
                + threads + " inferences running, " + capacity + " waiting); retry after "
                + retryAfter.toSeconds() + " s");
    }

    static RuntimeException translate(Throwable cause) {
        return switch (cause) {
            case ServeException s -> s;
            case InferenceException ie when ie.isClientError() -> new ServeException(ServeException.Kind.BAD_REQUEST, ie.getMessage(), ie);
            case InferenceException ie -> new ServeException(ServeException.Kind.INTERNAL, "inference failed", ie);
            case IllegalArgumentException ia -> new ServeException(ServeException.Kind.BAD_REQUEST, ia.getMessage(), ia);
            default -> new ServeException(ServeException.Kind.INTERNAL, "inference failed", cause);
        };
    }
}
