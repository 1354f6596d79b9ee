package dev.loupe.serve.infer;

import dev.loupe.core.decision.Decision;
import dev.loupe.serve.ServeException;
import dev.loupe.serve.model.ImageModel;
import dev.loupe.serve.model.ModelLease;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Scores shadow copies of requests off the request path: one background thread behind a bounded queue.
 * The champion has already answered; the challenger's answer only goes to the {@link ServingObserver}
 * (logged, compared), never to the client. When the queue is full the copy is dropped and counted
 * ({@link ServingObserver#shadowDropped}): a shadow never slows the line down.
 *
 * <p>Thread-safe. Owns its thread: close it after the listeners stop.
 */
final class ShadowScoring implements AutoCloseable {
    private final ThreadPoolExecutor pool;
    private final ServingObserver observer;

    ShadowScoring(int capacity, ServingObserver observer) {
        this.observer = observer;
        this.pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(capacity),
                r -> Thread.ofPlatform().daemon().name("loupe-shadow").unstarted(r), new ThreadPoolExecutor.AbortPolicy());
    }

    /** Scores the image with the shadow model and closes its lease; never blocks. */
    void submit(ModelLease shadow, byte[] image, RequestInfo request, Inspector.Inspection champion) {
        try {
            pool.execute(() -> score(shadow, image, request, champion));
        } catch (RejectedExecutionException e) {
            shadow.close();
            observer.shadowDropped(champion.model());
        }
    }

    private void score(ModelLease shadow, byte[] image, RequestInfo request, Inspector.Inspection champion) {
        long start = System.nanoTime();
        try (shadow) {
            ImageModel m = shadow.model().image().orElseThrow(() -> ServeException.badRequest(
                    "shadow model " + shadow.model().name() + " " + shadow.model().version() + " is not a model package"));
            Scored s = Scored.one(m, image, observer.wantsImageStats());
            Decision d = m.policy().decide(s.prediction().score());
            observer.inspected(new ServingObserver.Inspected(request, shadow.model().name(), shadow.model().version(),
                    ModelLease.Arm.SHADOW, image, s.stats(), s.prediction(), d, s.timings(start),
                    System.nanoTime() - start, java.util.Optional.of(champion)));
        } catch (ServeException e) {
            observer.failed(shadow.model().name(), shadow.model().version(), ModelLease.Arm.SHADOW, e);
        } catch (Exception e) {
            observer.failed(shadow.model().name(), shadow.model().version(), ModelLease.Arm.SHADOW,
                    (ServeException) InferenceQueue.translate(e));
        }
    }

    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
