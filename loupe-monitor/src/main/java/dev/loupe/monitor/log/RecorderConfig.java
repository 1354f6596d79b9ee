package dev.loupe.monitor.log;

import java.time.Duration;

/**
 * How a {@link PredictionRecorder} buffers and writes. Validated when built.
 *
 * @param capacity        predictions the in-memory buffer holds; when full, new ones are dropped and counted.
 *                        This bounds both memory and what a crash can lose.
 * @param batchSize       write as soon as this many are waiting
 * @param flushInterval   or when the oldest waiting one has waited this long (or earlier, when the buffered images
 *                        pass a quarter of {@code maxBufferedImageBytes})
 * @param imageSampleRate share of {@code PASS} images kept in the blob store, in [0, 1]; review and reject
 *                        images are always kept
 * @param maxBufferedImageBytes bytes of images the buffer holds at most: beyond, a prediction is still
 *                        logged but its image is not kept (counted), so a slow store cannot fill the heap
 *                        with large frames
 */
public record RecorderConfig(int capacity, int batchSize, Duration flushInterval, double imageSampleRate,
                             long maxBufferedImageBytes) {

    /** 64 MiB of buffered images by default. */
    public static final long DEFAULT_MAX_BUFFERED_IMAGE_BYTES = 64L << 20;

    public RecorderConfig {
        if (capacity < 1 || batchSize < 1 || batchSize > capacity) {
            throw new IllegalArgumentException("need 1 <= batchSize <= capacity (got batchSize=" + batchSize
                    + ", capacity=" + capacity + ")");
        }
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("flushInterval must be positive, got " + flushInterval);
        }
        if (!(imageSampleRate >= 0 && imageSampleRate <= 1)) {
            throw new IllegalArgumentException("imageSampleRate must be in [0, 1], got " + imageSampleRate);
        }
        if (maxBufferedImageBytes < 0) {
            throw new IllegalArgumentException("maxBufferedImageBytes must be >= 0, got " + maxBufferedImageBytes);
        }
    }

    /** With the default bound on buffered image bytes. */
    public RecorderConfig(int capacity, int batchSize, Duration flushInterval, double imageSampleRate) {
        this(capacity, batchSize, flushInterval, imageSampleRate, DEFAULT_MAX_BUFFERED_IMAGE_BYTES);
    }

    /**
     * 65,536 buffered (64 MiB of images at most), batches of 4,096 or every second (or as soon as the buffered
     * images pass a quarter of their bound), 1% of passed images kept. A second, not 200 ms: each batch costs a
     * transaction and, with images, a pack (a file, an fsync, a rename), and at ~1,300 predictions/s a second's
     * batch halved the writer's CPU per prediction (20.1 → 10.8 µs, docs/benchmarks.md), for a crash window and
     * a monitor delay of a second.
     */
    public static RecorderConfig defaults() {
        return new RecorderConfig(65_536, 4_096, Duration.ofSeconds(1), 0.01);
    }

    public RecorderConfig withImageSampleRate(double rate) {
        return new RecorderConfig(capacity, batchSize, flushInterval, rate, maxBufferedImageBytes);
    }
}
