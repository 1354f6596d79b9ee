package dev.loupe.serve.infer;

import dev.loupe.core.inference.InferenceException;
import dev.loupe.serve.ServeException;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where inference work waits and runs: a fixed number of platform threads (one per core by default,
 * each running one inference with one ONNX Runtime thread) behind a bounded queue.
 *
 * <p>Back-pressure: when every thread is busy and the queue is full, {@link #call} fails at once with
 * {@link ServeException.Kind#OVERLOADED} (HTTP 503 with Retry-After) instead of letting the queue grow
 * and every client's latency with it. Callers block on a virtual thread while their work runs.
 *
 * <p>Thread-safe. Owns its threads: whoever creates it closes it.
 */
public final class InferenceQueue implements AutoCloseable {

    private final ThreadPoolExecutor pool;
    private final int capacity;
    private final Duration retryAfter;

    /**
     * @param threads    inference threads
     * @param capacity   requests that may wait for a thread; more are refused
     * @param retryAfter what a refused client is told to wait
     */
    public InferenceQueue(int threads, int capacity, Duration retryAfter) {
        if (threads < 1 || capacity < 0) {
            throw new IllegalArgumentException("threads must be >= 1 and queue capacity >= 0, got " + threads + " and " + capacity);
        }
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
                capacity == 0 ? new java.util.concurrent.SynchronousQueue<>() : new ArrayBlockingQueue<>(capacity),
                r -> {
                    Thread t = new Thread(r, "loupe-infer-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                },
                new ThreadPoolExecutor.AbortPolicy());
        this.pool.prestartAllCoreThreads();
        this.capacity = capacity;
        this.retryAfter = retryAfter;
    }

    /** Work that runs on an inference thread. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws InferenceException;
    }

    /**
     * Runs work on an inference thread and waits for it.
     *
     * @throws ServeException overloaded when the queue is full; bad request / internal for an
     *                        {@link InferenceException} by its {@code isClientError}
     */
    public <T> T call(Work<T> work) {
        Future<T> f;
        try {
            f = pool.submit((Callable<T>) work::run);
        } catch (RejectedExecutionException e) {
            throw refused();
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new ServeException(ServeException.Kind.OVERLOADED, "interrupted while waiting for inference");
        } catch (ExecutionException e) {
            throw translate(e.getCause());
        }
    }

    /**
     * Puts work on the queue without waiting for it; the future completes on the inference thread (so
     * whatever is chained to it runs there too).
     *
     * @throws ServeException overloaded when the queue is full (nothing was queued)
     */
    public <T> CompletableFuture<T> submit(Work<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                try {
                    f.complete(work.run());
                } catch (Throwable t) {
                    f.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            throw refused();
        }
        return f;
    }

    /** Requests waiting for a thread now. */
    public int waiting() {
        return pool.getQueue().size();
    }

    /** Inferences running now. */
    public int running() {
        return pool.getActiveCount();
    }

    public int threads() {
        return pool.getMaximumPoolSize();
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private ServeException refused() {
        if (pool.isShutdown()) {
            return new ServeException(ServeException.Kind.OVERLOADED, "the server is shutting down");
        }
        return new ServeException(ServeException.Kind.OVERLOADED, "the server is at capacity ("
                + pool.getMaximumPoolSize() + " inferences running, " + capacity + " waiting); retry after "
                + retryAfter.toSeconds() + " s");
    }

    static RuntimeException translate(Throwable cause) {
        return switch (cause) {
            case ServeException s -> s;
            case InferenceException ie when ie.isClientError() -> new ServeException(ServeException.Kind.BAD_REQUEST, ie.getMessage(), ie);
            case InferenceException ie -> new ServeException(ServeException.Kind.INTERNAL, ie.getMessage(), ie);
            case IllegalArgumentException ia -> new ServeException(ServeException.Kind.BAD_REQUEST, ia.getMessage(), ia);
            default -> new ServeException(ServeException.Kind.INTERNAL, "inference failed: " + cause, cause);
        };
    }
}
