package dev.loupe.cli.serve;

import dev.loupe.serve.ServeConfig;
import picocli.CommandLine.Option;

/**
 * How many inferences a serving process runs at once, how many requests wait, and {@code /inspect} batching:
 * the same options on {@code loupe serve} and {@code loupe server}.
 */
public final class InferenceOptions {
    @Option(names = "--threads", paramLabel = "N", description = "inferences that run at once (default: one per core)")
    Integer threads;

    @Option(names = "--queue", paramLabel = "N", description = "requests that may wait for a turn before the server answers 503 (default: 16 per inference thread)")
    Integer queue;

    @Option(names = "--max-batch", paramLabel = "N",
            description = "most /inspect images one inference classifies when requests queue up; 1 = no batching (default: "
                    + ServeConfig.DEFAULT_MAX_BATCH + ")")
    int maxBatch = ServeConfig.DEFAULT_MAX_BATCH;

    /**
     * {@code config} with these settings: the threads given or one per core, the queue given or 16 per thread.
     *
     * @throws IllegalArgumentException for values {@link ServeConfig} refuses
     */
    public ServeConfig apply(ServeConfig config) {
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        int q = queue == null ? 16 * t : queue;
        return config.withConcurrency(t, q).withMaxBatch(maxBatch);
    }
}
