package dev.loupe.server.retention;

import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.monitor.log.Retention;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The prediction log's retention, run by the server itself ({@code loupe server --retention-days D}) instead of a
 * cron job calling {@code loupe monitor retention}: once a minute after start, then every {@code period}. Each run
 * deletes the predictions older than the retention and the images nothing else uses ({@link Retention}); a failed
 * run is logged and the next one tries again. Two servers on one database may both run it: each step is
 * idempotent. Closing stops the schedule, letting a run in progress finish.
 */
public final class RetentionSchedule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("dev.loupe.retention");

    /** How long after start the first run waits: out of the way of start-up and the first requests. */
    public static final Duration FIRST_RUN = Duration.ofMinutes(1);

    /** How often it runs after the first time. */
    public static final Duration PERIOD = Duration.ofDays(1);

    private final ScheduledExecutorService executor =
            Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("loupe-retention").unstarted(r));

    private RetentionSchedule() {
    }

    /**
     * Starts running {@code retention} over the stores: after {@code first}, then every {@code period}; tells
     * {@code done} what each run deleted (the server prints it). A failed run is logged as a warning.
     */
    public static RetentionSchedule start(Retention retention, MetadataStore store, BlobStore blobs, Duration first, Duration period,
                                          Consumer<Retention.Result> done) {
        RetentionSchedule s = new RetentionSchedule();
        s.executor.scheduleWithFixedDelay(() -> {
            try {
                done.accept(retention.apply(store, blobs));
            } catch (Exception e) { // the next run tries again; the schedule must not die with one failure
                LOG.warn("retention failed (it runs again in " + period + "): " + e, e);
            }
        }, first.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return s;
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
