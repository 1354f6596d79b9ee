package dev.loupe.cli.bench;

import dev.loupe.core.store.MetadataStore;
import dev.loupe.monitor.bench.RecorderBench;
import dev.loupe.store.jdbc.SqliteMetadataStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code loupe bench recorder}: what logging a prediction costs the request path (its image statistics by
 * image size, offer() from 1 and 2 threads) and the rate a fresh SQLite prediction log absorbs without dropping.
 */
@Command(name = "recorder", description = "Prediction-log overhead: per-image statistics by image size, ns per offer() from 1 and 2 threads, "
        + "and a sustained rate into a fresh SQLite prediction log with written/dropped counts, with time-ordered "
        + "request ids (as the server makes them) and with random ones.")
final class RecorderBenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "fewer offers and a 2-second sustained run")
    boolean quick;

    @Option(names = "--rate", paramLabel = "N", description = "predictions per second in the sustained run (default: ${DEFAULT-VALUE})")
    int rate = 20_000;

    @Override
    public Integer call() throws Exception {
        RecorderBench bench = new RecorderBench(System.out, quick);
        bench.statisticsCost();
        bench.offerCost(2);
        for (RecorderBench.Ids ids : RecorderBench.Ids.values()) { // each into a fresh log
            Path dir = Files.createTempDirectory("loupe-bench-recorder");
            try (MetadataStore store = new SqliteMetadataStore(dir.resolve("loupe.db"))) {
                bench.sustained(store.predictions(), "SQLite " + dir.resolve("loupe.db"), ids, rate, quick ? 2 : 10);
            } finally {
                delete(dir);
            }
        }
        return 0;
    }

    private static void delete(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
