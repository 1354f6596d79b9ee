package dev.loupe.cli.serve;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.UserException;
import dev.loupe.serve.PortBindException;
import dev.loupe.serve.ServeConfig;
import dev.loupe.serve.rest.Drain;
import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * How many inferences a serving process runs at once, how many requests wait, {@code /inspect} batching, and how
 * long a stop waits for clients to go quiet: the same options on {@code loupe serve} and {@code loupe server}.
 */
public final class ServingOptions {
    @Option(names = "--threads", paramLabel = "N", description = "inferences that run at once (default: one per core)")
    Integer threads;

    @Option(names = "--queue", paramLabel = "N", description = "requests that may wait for a turn before the server answers 503 (default: 16 per inference thread)")
    Integer queue;

    @Option(names = "--max-batch", paramLabel = "N",
            description = "most /inspect images one inference classifies when requests queue up; 1 = no batching (default: "
                    + ServeConfig.DEFAULT_MAX_BATCH + ")")
    int maxBatch = ServeConfig.DEFAULT_MAX_BATCH;

    @Option(names = "--drain-seconds", paramLabel = "S",
            description = "on Ctrl-C or TERM, how long to keep answering while requests keep coming before stopping (default: "
                    + "5; docs/serving.md, Stopping)")
    double drainSeconds = Drain.DEFAULT_TIMEOUT.toSeconds();

    /** How long a stop drains: {@code --drain-seconds}, at least 0. */
    public Duration drainTimeout() {
        if (!(drainSeconds >= 0 && drainSeconds <= 3600)) {
            throw new IllegalArgumentException("--drain-seconds must be 0..3600, got " + drainSeconds);
        }
        return Duration.ofMillis(Math.round(drainSeconds * 1000));
    }

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

    /**
     * A listener that could not bind, as one line (exit 3, configuration or environment): which port, and the
     * option that moves it. The {@link java.net.BindException} stays the cause, for {@code --verbose}.
     */
    public static UserException bindFailure(PortBindException e) {
        boolean grpc = e.listener() == PortBindException.Listener.GRPC;
        String option = grpc ? "--grpc-port" : "--port";
        String hint = e.inUse()
                ? "; stop what listens there, or choose another port with " + option + " (0 for any free one"
                + (grpc ? ", -1 for no gRPC)" : ")")
                : "; check --host and " + option;
        return new UserException(ExitCodes.CONFIG, e.getMessage() + hint, e);
    }
}
