package dev.loupe.cli.bench;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.UserException;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.core.store.file.FileBlobStore;
import dev.loupe.monitor.bench.RetentionBench;
import dev.loupe.store.jdbc.SqliteMetadataStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.concurrent.Callable;

/**
 * {@code loupe bench retention}: the prediction log's retention timed over a generated log in a temporary home
 * (SQLite and a file blob store), its result checked ({@link RetentionBench}). The defaults, 3 days at 1.2
 * predictions/s, are ~311,000 predictions and ~19,000 kept images.
 */
@Command(name = "retention", description = "Prediction-log retention: generates days of a line's log with its kept images "
        + "(packs per second, some copied into a dataset version) in a temporary SQLite home, times deleting all but the "
        + "last day(s) with their images, prints rows/s, packs/s and peak heap, and checks what is left; exit 1 when wrong.")
final class RetentionBenchCommand implements Callable<Integer> {

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @Option(names = "--days", paramLabel = "N", description = "days of log generated (default: ${DEFAULT-VALUE})")
    int days = 3;

    @Option(names = "--rate", paramLabel = "R", description = "predictions per second of the line (default: ${DEFAULT-VALUE})")
    double rate = 1.2;

    @Option(names = "--keep-days", paramLabel = "D", description = "days retention keeps (default: ${DEFAULT-VALUE})")
    int keepDays = 1;

    @Option(names = "--image-bytes", paramLabel = "B", description = "mean size of a kept image (default: ${DEFAULT-VALUE})")
    int imageBytes = 4096;

    @Option(names = "--seed", description = "decisions and image bytes (default: ${DEFAULT-VALUE})")
    long seed = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        RetentionBench.Config config;
        try {
            config = new RetentionBench.Config(days, rate, keepDays, imageBytes, seed);
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCodes.USAGE, e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        Path home = Files.createTempDirectory("loupe-bench-retention");
        // the store's clock dates the packs' index rows: the generated log is days old, so are its packs (retention
        // leaves packs placed in the last minutes alone, their predictions maybe not yet written)
        try (MetadataStore store = new SqliteMetadataStore(home.resolve("loupe.db"),
                Clock.offset(Clock.systemUTC(), Duration.ofDays(-(days + 1L))));
             BlobStore blobs = new FileBlobStore(home.resolve("blobs"))) {
            new RetentionBench(config, out, Instant.now().truncatedTo(ChronoUnit.SECONDS))
                    .run(store, blobs, "SQLite " + home.resolve("loupe.db"));
        } catch (IllegalStateException e) {
            throw new UserException(ExitCodes.FAILED, e.getMessage());
        } finally {
            out.flush();
            delete(home);
        }
        return ExitCodes.OK;
    }

    private static void delete(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
