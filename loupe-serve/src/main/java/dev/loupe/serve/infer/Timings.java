package dev.loupe.serve.infer;

/**
 * Where one request's time went, in nanoseconds: waiting for an inference thread, decoding and
 * preprocessing, running the model. For a batch, preprocessing and inference are the batch's (shared by
 * its {@code batchSize} images).
 */
public record Timings(long queueNanos, long preprocessNanos, long inferNanos, int batchSize) {
    public static final Timings NONE = new Timings(0, 0, 0, 0);
}
