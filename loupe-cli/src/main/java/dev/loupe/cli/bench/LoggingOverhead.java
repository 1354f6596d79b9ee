package dev.loupe.cli.bench;

import dev.loupe.cli.ExitCodes;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.monitoring.LoggedImages;
import dev.loupe.core.store.file.FileBlobStore;
import dev.loupe.monitor.log.PredictionRecorder;
import dev.loupe.monitor.log.RecorderConfig;
import dev.loupe.monitor.log.RecorderCounters;
import dev.loupe.serve.bench.ServeLoggingBench;
import dev.loupe.server.serving.ServingObservers;
import dev.loupe.store.jdbc.SqliteMetadataStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * {@code loupe bench serve --logging}: {@link ServeLoggingBench} with the server's own observer, logging to a
 * temporary SQLite prediction log and blob store with the recorder's defaults (deleted afterwards).
 */
final class LoggingOverhead {
    private final ModelPackage pkg;
    private final int threads;
    private final Duration perMode;
    private final int rounds;
    private final Predicate<String> paths;

    LoggingOverhead(ModelPackage pkg, int threads, Duration perMode, int rounds, Predicate<String> paths) {
        this.pkg = pkg;
        this.threads = threads;
        this.perMode = perMode;
        this.rounds = rounds;
        this.paths = paths;
    }

    int run() throws Exception {
        Path dir = Files.createTempDirectory("loupe-bench-logging");
        List<ServeLoggingBench.Comparison> results;
        RecorderCounters counters;
        long writerCpuNanos;
        try (SqliteMetadataStore store = new SqliteMetadataStore(dir.resolve("loupe.db"));
             FileBlobStore blobs = new FileBlobStore(dir.resolve("blobs"))) {
            PredictionRecorder recorder = new PredictionRecorder(store.predictions(), new LoggedImages(blobs, store.packedImages()),
                    RecorderConfig.defaults());
            try {
                results = new ServeLoggingBench(pkg, threads, perMode, rounds, System.out)
                        .run(ServingObservers.telemetry(Optional.empty()), ServingObservers.telemetry(Optional.of(recorder)),
                                recorder::flush, paths);
            } finally {
                writerCpuNanos = recorder.writerCpuNanos();
                recorder.close();
            }
            counters = recorder.counters();
        } finally {
            delete(dir);
        }
        System.out.println();
        System.out.printf("| %-30s | %12s | %10s | %10s | %11s | %9s | %9s | %17s | %6s | %13s | %9s |%n", "path", "off images/s", "off p50 ms",
                "off p99 ms", "on images/s", "on p50 ms", "on p99 ms", "srv CPU ms off/on", "on/off", "quartiles", "CPU on/off");
        System.out.println("|--------------------------------|--------------|------------|------------|-------------|-----------|-----------|-------------------|--------|---------------|-----------|");
        for (ServeLoggingBench.Comparison c : results) {
            System.out.printf("| %-30s | %12.1f | %10.2f | %10.2f | %11.1f | %9.2f | %9.2f | %8.2f / %6.2f | %6.3f | %6.3f-%-6.3f | %9.3f |%n", c.path(),
                    c.off().imagesPerSecond(), c.off().p50Millis(), c.off().p99Millis(), c.on().imagesPerSecond(),
                    c.on().p50Millis(), c.on().p99Millis(), c.off().serverCpuMillisPerImage(), c.on().serverCpuMillisPerImage(), c.ratio(),
                    c.ratioLowerQuartile(), c.ratioUpperQuartile(), c.cpuRatio());
        }
        System.out.printf("(on/off: median over rounds of the same round's throughput ratio, and the rounds' quartiles: a"
                + " spread wider than logging's cost means the machine's speed moved between rounds, so run more rounds;"
                + " CPU on/off: of server CPU off / on,"
                + " load generator left out; recorder: %d offered, %d written,"
                + " %d dropped, %d failed, %d images kept; its writer thread used %.1f µs of CPU per written prediction)%n",
                counters.offered(), counters.written(), counters.dropped(), counters.failed(), counters.imagesKept(),
                writerCpuNanos / 1e3 / Math.max(1, counters.written()));
        return ExitCodes.OK;
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
