package dev.loupe.monitor.log;

import dev.loupe.core.decision.Decision;
import dev.loupe.core.monitoring.LoggedImages;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.core.monitoring.PredictionQuery;
import dev.loupe.core.monitoring.Predictions;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.file.FileBlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PredictionRecorderTest {

    @TempDir
    Path dir;

    private static final Duration HOUR = Duration.ofHours(1);

    private static LoggedImages images(BlobStore blobs) {
        return new LoggedImages(blobs, new MemoryPackedImages());
    }

    @Test
    void close_afterConcurrentProducers_writesEveryPredictionOnce() throws Exception {
        MemoryPredictionLog log = new MemoryPredictionLog();
        int threads = 4, each = 5_000;
        try (BlobStore blobs = new FileBlobStore(dir)) {
            PredictionRecorder recorder = new PredictionRecorder(log, images(blobs), new RecorderConfig(100_000, 256, HOUR, 0));
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * each;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        assertThat(recorder.offer(Predictions.of("m", base + i))).isTrue();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            recorder.close();

            assertThat(log.all()).hasSize(threads * each)
                    .extracting(LoggedPrediction::requestId).doesNotHaveDuplicates();
            assertThat(recorder.counters()).isEqualTo(new RecorderCounters(threads * each, 0, threads * each, 0, 0, 0, 0));
            assertThat(log.batches()).isGreaterThan(threads * each / 256 - 1); // written in batches, not one by one
        }
    }

    @Test
    void batchSizeReached_writesWithoutWaitingForTheInterval() throws Exception {
        MemoryPredictionLog log = new MemoryPredictionLog();
        try (PredictionRecorder recorder = new PredictionRecorder(log, null, new RecorderConfig(1_000, 10, HOUR, 0))) {
            for (int i = 0; i < 10; i++) {
                recorder.offer(Predictions.of("m", i));
            }
            assertThat(log.awaitSize(10, 10_000)).isTrue();
            assertThat(log.batches()).isEqualTo(1);
        }
    }

    @Test
    void bufferedImagesPastAQuarterOfTheirBound_writeWithoutWaitingForTheBatchOrTheInterval() throws Exception {
        MemoryPredictionLog log = new MemoryPredictionLog();
        try (BlobStore blobs = new FileBlobStore(dir);
             PredictionRecorder recorder = new PredictionRecorder(log, images(blobs),
                     new RecorderConfig(1_000, 1_000, HOUR, 1.0, 4_000))) { // a quarter of the bound: 1,000 bytes
            recorder.offer(Predictions.of("m", 0), new byte[600]);
            recorder.offer(Predictions.of("m", 1), new byte[600]);
            assertThat(log.awaitSize(2, 10_000)).as("written long before the hour or the 1,000th prediction").isTrue();
            assertThat(log.all()).allSatisfy(p -> assertThat(p.image()).isPresent());
            assertThat(recorder.counters().imagesSkipped()).isZero();
        }
    }

    @Test
    void flush_writesWhatWasOfferedNow_andTheRecorderGoesOn() {
        MemoryPredictionLog log = new MemoryPredictionLog();
        try (PredictionRecorder recorder = new PredictionRecorder(log, null, new RecorderConfig(1_000, 1_000, HOUR, 0))) {
            for (int i = 0; i < 3; i++) {
                recorder.offer(Predictions.of("m", i));
            }
            recorder.flush(); // neither the hour nor the 1,000th prediction: only the flush writes them
            assertThat(log.all()).hasSize(3);
            recorder.offer(Predictions.of("m", 3));
            recorder.flush();
            assertThat(log.all()).hasSize(4);
            assertThat(log.batches()).isEqualTo(2);
        }
    }

    @Test
    void flush_storeSlowerThanTheTimeout_saysSoInsteadOfWaiting() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        MemoryPredictionLog log = new MemoryPredictionLog() {
            @Override
            public void append(List<LoggedPrediction> batch) {
                try {
                    release.await(); // a store that does not answer
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.append(batch);
            }
        };
        try (PredictionRecorder recorder = new PredictionRecorder(log, null, new RecorderConfig(1_000, 1_000, HOUR, 0))) {
            recorder.offer(Predictions.of("m", 0));

            assertThat(recorder.flush(Duration.ofMillis(200))).isFalse();

            release.countDown();
            assertThat(recorder.flush(Duration.ofSeconds(30))).isTrue();
            assertThat(log.all()).hasSize(1);
        }
    }

    @Test
    void intervalElapsed_writesAPartialBatch() throws Exception {
        MemoryPredictionLog log = new MemoryPredictionLog();
        try (PredictionRecorder recorder = new PredictionRecorder(log, null,
                new RecorderConfig(1_000, 1_000, Duration.ofMillis(20), 0))) {
            for (int i = 0; i < 3; i++) {
                recorder.offer(Predictions.of("m", i));
            }
            assertThat(log.awaitSize(3, 10_000)).isTrue(); // no close(), batch not full: the interval wrote them
            assertThat(log.batches()).isEqualTo(1);
        }
    }

    @Test
    void fullBuffer_dropsAndCountsInsteadOfBlocking() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch writing = new CountDownLatch(1);
        MemoryPredictionLog log = stalled(writing, release);
        PredictionRecorder recorder = new PredictionRecorder(log, null, new RecorderConfig(10, 1, HOUR, 0));
        recorder.offer(Predictions.of("m", 0));
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue(); // the writer holds prediction 0
        int accepted = 0;
        for (int i = 1; i <= 100; i++) {
            accepted += recorder.offer(Predictions.of("m", i)) ? 1 : 0;
        }
        assertThat(accepted).isEqualTo(10);
        assertThat(recorder.counters().dropped()).isEqualTo(90);
        release.countDown();
        recorder.close();
        assertThat(log.all()).hasSize(11);
        assertThat(recorder.counters().written()).isEqualTo(11);
    }

    @Test
    void slowLog_keepsImagesOnlyUpToTheByteBound_andStillLogsEveryPrediction() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        MemoryPredictionLog log = stalled(writing, release); // while large frames arrive
        try (BlobStore blobs = new FileBlobStore(dir)) {
            PredictionRecorder recorder = new PredictionRecorder(log, images(blobs), new RecorderConfig(100, 1, HOUR, 0, 250));
            recorder.offer(Predictions.of("m", 0));
            assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue(); // the writer is stuck on prediction 0
            for (int i = 5; i < 10; i++) { // review and reject: the policy keeps each one's 100-byte image
                assertThat(recorder.offer(Predictions.of("m", i), new byte[100])).isTrue();
            }
            assertThat(recorder.counters().imagesSkipped()).isEqualTo(3); // 2 × 100 bytes fit under 250
            release.countDown();
            recorder.close();
            assertThat(log.all()).hasSize(6);
            assertThat(log.all().stream().filter(p -> p.image().isPresent())).hasSize(2);
            assertThat(recorder.counters().imagesKept()).isEqualTo(2);

            // once written, their bytes leave the bound: the next images are kept again
            try (PredictionRecorder again = new PredictionRecorder(new MemoryPredictionLog(), images(blobs),
                    new RecorderConfig(100, 1, Duration.ofMillis(1), 0, 250))) {
                for (int i = 5; i < 10; i++) {
                    again.offer(Predictions.of("m", i), new byte[100]);
                    awaitWritten(again, i - 4);
                }
                again.close();
                assertThat(again.counters().imagesKept()).isEqualTo(5);
                assertThat(again.counters().imagesSkipped()).isZero();
            }
        }
    }

    /** A database that stopped answering: each append counts {@code writing} down, then waits for {@code release}. */
    private static MemoryPredictionLog stalled(CountDownLatch writing, CountDownLatch release) {
        return new MemoryPredictionLog() {
            @Override
            public void append(List<LoggedPrediction> batch) {
                writing.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.append(batch);
            }
        };
    }

    private static void awaitWritten(PredictionRecorder recorder, long n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (recorder.counters().written() < n) {
            assertThat(System.nanoTime()).as("%d predictions written within 10 s", n).isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    @Test
    void failingLog_countsLostPredictionsAndKeepsAccepting() {
        MemoryPredictionLog broken = new MemoryPredictionLog() {
            @Override
            public void append(List<LoggedPrediction> batch) {
                throw new IllegalStateException("database is gone");
            }
        };
        PredictionRecorder recorder = new PredictionRecorder(broken, null, new RecorderConfig(100, 5, HOUR, 0));
        for (int i = 0; i < 5; i++) {
            assertThat(recorder.offer(Predictions.of("m", i))).isTrue();
        }
        recorder.close();
        assertThat(recorder.counters().failed()).isEqualTo(5);
        assertThat(recorder.offer(Predictions.of("m", 9))).isFalse(); // closed
        assertThat(recorder.counters().dropped()).isEqualTo(1);
    }

    @Test
    void imageSampling_keepsReviewAndRejectImagesAlways_andPassOnlyAtTheRate() throws Exception {
        MemoryPredictionLog log = new MemoryPredictionLog();
        try (BlobStore blobs = new FileBlobStore(dir)) {
            LoggedImages images = images(blobs);
            try (PredictionRecorder recorder = new PredictionRecorder(log, images, new RecorderConfig(1_000, 100, HOUR, 0))) {
                for (int i = 0; i < 30; i++) {
                    recorder.offer(Predictions.of("m", i), ("image " + i).getBytes(StandardCharsets.UTF_8));
                }
            }
            for (LoggedPrediction p : log.all()) {
                assertThat(p.image().isPresent()).as(p.requestId()).isEqualTo(p.decision() != Decision.PASS);
            }
            LoggedPrediction review = log.all().stream().filter(p -> p.decision() == Decision.REVIEW).findFirst().orElseThrow();
            int i = Integer.parseInt(review.requestId().substring("r-m-".length()));
            assertThat(new String(images.read(review.image().orElseThrow()), StandardCharsets.UTF_8)).isEqualTo("image " + i);
            assertThat(blobs.list()).as("the batch's kept images went to one pack").hasSize(1);

            MemoryPredictionLog all = new MemoryPredictionLog();
            try (PredictionRecorder recorder = new PredictionRecorder(all, images, new RecorderConfig(1_000, 100, HOUR, 1.0))) {
                for (int j = 0; j < 30; j++) {
                    recorder.offer(Predictions.of("m", j), new byte[]{(byte) j});
                }
            }
            assertThat(all.query(PredictionQuery.since("m", Instant.EPOCH, 100))).allMatch(p -> p.image().isPresent());
        }
    }

    @Test
    void listener_receivesEveryWrittenBatchInOrder() {
        MemoryPredictionLog log = new MemoryPredictionLog();
        List<String> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        try (PredictionRecorder recorder = new PredictionRecorder(log, null, new RecorderConfig(1_000, 7, HOUR, 0),
                batch -> batch.forEach(p -> seen.add(p.requestId())))) {
            for (int i = 0; i < 50; i++) {
                recorder.offer(Predictions.of("m", i));
            }
        }
        assertThat(seen).containsExactlyElementsOf(log.all().stream().map(LoggedPrediction::requestId).toList());
        assertThat(seen).hasSize(50).startsWith("r-m-0", "r-m-1");
    }
}
