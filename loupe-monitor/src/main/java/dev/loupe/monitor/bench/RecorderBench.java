package dev.loupe.monitor.bench;

import dev.loupe.core.image.DecodedImage;
import dev.loupe.core.image.ImageStats;
import dev.loupe.core.decision.Decision;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.core.monitoring.RequestIds;
import dev.loupe.core.monitoring.PredictionLog;
import dev.loupe.core.monitoring.PredictionQuery;
import dev.loupe.core.store.BlobId;
import dev.loupe.monitor.log.PredictionRecorder;
import dev.loupe.monitor.log.RecorderConfig;
import dev.loupe.monitor.log.RecorderCounters;

import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;

/**
 * What logging a prediction costs the request path: the time of {@link PredictionRecorder#offer} from one
 * and from several threads (the writer draining into a log that discards), and the sustained rate a
 * real prediction log absorbs with how many predictions it drops, and what the per-image statistics
 * cost by image size. Run with {@code loupe bench recorder}.
 */
public final class RecorderBench {
    private final PrintStream out;
    private final int perThread;

    public RecorderBench(PrintStream out, boolean quick) {
        this.out = out;
        this.perThread = quick ? 200_000 : 2_000_000;
    }

    /** A log that keeps nothing: isolates the recorder's own cost. */
    static final class DiscardingLog implements PredictionLog {
        @Override
        public void append(List<LoggedPrediction> batch) {
        }

        @Override
        public List<LoggedPrediction> query(PredictionQuery q) {
            return List.of();
        }

        @Override
        public Optional<LoggedPrediction> byRequestId(String requestId) {
            return Optional.empty();
        }

        @Override
        public long count(String model, Instant from, Instant to) {
            return 0;
        }

        @Override
        public long deleteOlderThan(Instant cutoff) {
            return 0;
        }

        @Override
        public Optional<Instant> oldest() {
            return Optional.empty();
        }

        @Override
        public Set<BlobId> imagesBefore(Instant cutoff) {
            return Set.of();
        }
    }

    static LoggedPrediction prediction(int i) {
        return prediction(i, "req-" + i);
    }

    static LoggedPrediction prediction(int i, String requestId) {
        return new LoggedPrediction(Instant.ofEpochMilli(1_700_000_000_000L + i), "bench", "1", "cam-1", requestId,
                new ImageStats(0.5, 0.1, 0.02, 0.5, 0.5, 0.5, 0.1), 0.1, "good", Decision.PASS, 1_500_000, Optional.empty());
    }

    /**
     * What the per-image statistics of a logged prediction cost the request path, by image size (random
     * RGB pixels, already decoded): µs per image, median of 9 rounds, and each size's cost against the
     * largest image read whole (256×256); larger ones are read in bands ({@link ImageStats#MAX_PIXELS_READ}).
     */
    public void statisticsCost() {
        out.println("per-image statistics (ImageStats.of on decoded pixels), median of 9 rounds:");
        int[][] sizes = {{192, 48}, {128, 128}, {256, 256}, {640, 480}, {1280, 960}, {2448, 2048}};
        double whole = 0;
        for (int[] size : sizes) {
            double us = statisticsMicros(size[0], size[1]);
            if (size[0] == 256) {
                whole = us;
            }
            out.printf("  %4d x %4d (%,9d pixels): %7.1f µs per image%s%n", size[0], size[1], size[0] * size[1], us,
                    whole > 0 && size[0] > 256 ? String.format(", %.2f× the 256 x 256 image's", us / whole) : "");
        }
    }

    private double statisticsMicros(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        SplittableRandom rnd = new SplittableRandom(w * 31L + h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rnd.nextInt());
            }
        }
        DecodedImage decoded = new DecodedImage(img);
        decoded.argb();
        int calls = Math.max(300, (perThread * 10) / Math.min(w * h, ImageStats.MAX_PIXELS_READ));
        double[] rounds = new double[9];
        double sink = 0;
        for (int r = -2; r < rounds.length; r++) { // two rounds of warm-up
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                sink += ImageStats.of(decoded).sharpness();
            }
            if (r >= 0) {
                rounds[r] = (System.nanoTime() - t0) / 1e3 / calls;
            }
        }
        if (Double.isNaN(sink)) {
            throw new IllegalStateException("statistics gave NaN");
        }
        Arrays.sort(rounds);
        return rounds[rounds.length / 2];
    }

    /** Offer cost with 1 and {@code threads} producers; prints ns per offer (mean over all offers). */
    public void offerCost(int threads) throws InterruptedException {
        RecorderConfig d = RecorderConfig.defaults();
        out.printf("offer() cost, writer draining into a discarding log (capacity %,d, batch %,d, %d ms):%n", d.capacity(),
                d.batchSize(), d.flushInterval().toMillis());
        LoggedPrediction[] preds = new LoggedPrediction[1024];
        for (int i = 0; i < preds.length; i++) {
            preds[i] = prediction(i);
        }
        for (int t : new int[]{1, threads}) {
            run(t, preds, perThread / 4); // warm-up
            double ns = run(t, preds, perThread);
            out.printf("  %d producer thread%s: %.0f ns per offer%n", t, t == 1 ? "" : "s", ns);
        }
    }

    private double run(int threads, LoggedPrediction[] preds, int each) throws InterruptedException {
        try (PredictionRecorder r = new PredictionRecorder(new DiscardingLog(), null, RecorderConfig.defaults())) {
            CountDownLatch start = new CountDownLatch(1);
            long[] nanos = new long[threads];
            Thread[] ts = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int id = t;
                ts[t] = Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    long t0 = System.nanoTime();
                    for (int i = 0; i < each; i++) {
                        r.offer(preds[i & 1023]);
                    }
                    nanos[id] = System.nanoTime() - t0;
                });
            }
            start.countDown();
            for (Thread t : ts) {
                t.join();
            }
            long total = 0;
            for (long n : nanos) {
                total += n;
            }
            return (double) total / ((long) each * threads);
        }
    }

    /** The request ids of a sustained run. */
    public enum Ids {
        /** As the server makes them up ({@link RequestIds}: time first). */
        TIME_ORDERED,
        /** Random (UUID version 4), as a client may send its own. */
        RANDOM;

        String next() {
            return this == TIME_ORDERED ? RequestIds.next() : java.util.UUID.randomUUID().toString();
        }
    }

    /**
     * Offers {@code rate} predictions per second for {@code seconds} into a real log; prints written and
     * dropped, and the writer thread's CPU per prediction.
     */
    public RecorderCounters sustained(PredictionLog log, String where, Ids ids, int rate, int seconds) throws InterruptedException {
        RecorderCounters c;
        long t0 = System.nanoTime();
        try (PredictionRecorder r = new PredictionRecorder(log, null, RecorderConfig.defaults())) {
            int n = rate * seconds;
            for (int i = 0; i < n; i++) {
                long due = t0 + (long) i * 1_000_000_000L / rate;
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
                r.offer(prediction(i, ids.next()));
            }
            long offering = System.nanoTime() - t0;
            long writerCpu = r.writerCpuNanos(); // before close(), which ends the writer thread
            r.close();
            c = r.counters();
            out.printf("sustained into %s, %s request ids: %,d offered at %,d/s over %.1f s; %,d written, %,d dropped, %,d failed;"
                            + " close() flushed the rest in %.0f ms; writer thread %.1f µs of CPU per prediction written by then%n",
                    where, ids.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), c.offered(), rate, offering / 1e9, c.written(), c.dropped(), c.failed(),
                    (System.nanoTime() - t0 - offering) / 1e6, writerCpu / 1e3 / Math.max(1, c.written()));
        }
        return c;
    }
}
