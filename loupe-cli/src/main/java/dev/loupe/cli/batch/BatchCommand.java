package dev.loupe.cli.batch;

import dev.loupe.batch.BatchJob;
import dev.loupe.batch.BatchRow;
import dev.loupe.batch.BatchSummary;
import dev.loupe.batch.CsvOutput;
import dev.loupe.batch.DatasetSource;
import dev.loupe.batch.FolderSource;
import dev.loupe.batch.ImageSource;
import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.UserException;
import dev.loupe.core.inference.InferenceException;
import dev.loupe.core.model.ImageClassifier;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.model.ModelPackageException;
import dev.loupe.core.model.ModelResolver;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.Sha256;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.data.version.DatasetCatalog;
import dev.loupe.data.version.UnknownDatasetException;
import dev.loupe.store.BlobStores;
import dev.loupe.store.jdbc.MetadataStores;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code loupe batch}: scores a folder or a dataset version with a model into a CSV or a Parquet file (written from
 * the finished CSV, {@link BatchParquet}), resumably (a re-run skips items already in the CSV), with a progress bar
 * and a summary.
 */
@Command(name = "batch", description = {"Score a folder of images or a dataset version with a model into a CSV or a Parquet file.",
        "Resumable: rows are appended per chunk and a re-run skips items already in the output.",
        "The same job on a Spark cluster: loupe-spark's SparkBatchJob, which writes CSV or Parquet alike."})
public final class BatchCommand implements Callable<Integer> {
    private static final int SHOWN_FAILURES = 10;

    @CommandLine.Mixin
    GlobalOptions global;

    @Option(names = "--model", required = true, paramLabel = "REF",
            description = "NAME@ALIAS, NAME/VERSION, a package directory or .zip, or sha256:<id>")
    String model;

    @Option(names = "--input", required = true, paramLabel = "DIR|NAME@V", description = "a folder of images, or a dataset version")
    String input;

    @Option(names = "--output", required = true, paramLabel = "FILE.csv|FILE.parquet",
            description = {"the file to write (item,label,score,error); Parquet is written at the end from the rows kept in",
                    "FILE.parquet.csv as they are scored (what a re-run resumes from)"})
    Path output;

    @Option(names = "--threads", paramLabel = "N", description = "images scored in parallel (default: one per core)")
    Integer threads;

    @Option(names = "--chunk", paramLabel = "N", defaultValue = "256", description = "rows per append to the output (default: ${DEFAULT-VALUE})")
    int chunk;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean parquet = name.endsWith(".parquet");
        if (!parquet && !name.endsWith(".csv")) {
            throw new UserException(ExitCodes.USAGE, "--output must end in .csv or .parquet, got " + output);
        }
        // Parquet cannot be appended to: the rows go to a CSV beside it as they are scored (what a re-run resumes
        // from), and the Parquet file is written from that CSV once every item has a row
        Path rows = parquet ? output.resolveSibling(output.getFileName() + ".csv") : output;
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1 || chunk < 1) {
            throw new UserException(ExitCodes.USAGE, "--threads and --chunk must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (MetadataStore store = MetadataStores.open(global.config()); BlobStore blobs = BlobStores.open(global.config())) {
            ModelPackage pkg = resolveModel(store, blobs);
            ImageSource source = source(store, blobs);
            stamp(rows, pkg);
            try (ImageClassifier classifier = ImageClassifier.load(pkg, 1); CsvOutput csv = CsvOutput.open(rows)) {
                out.printf("scoring %s with %s (%d threads) into %s%s%n", source.describe(), pkg.descriptor().name(), n, output,
                        parquet ? " (rows kept in " + rows.getFileName() + " until then)" : "");
                out.flush();
                BatchSummary s = new BatchJob(classifier, n, chunk).run(source, csv, new ProgressBar(spec.commandLine().getErr()));
                print(out, s, pkg.descriptor().positive());
            } catch (InferenceException e) {
                throw new UserException(ExitCodes.FAILED, "the model cannot run: " + e.getMessage());
            }
            if (parquet) {
                out.printf("wrote %s (%d rows)%n", output, BatchParquet.fromCsv(rows, output));
            }
        }
        return ExitCodes.OK;
    }

    /**
     * Resuming adds rows to those already in {@code rows}: only right if the same model scored them. The package's
     * content hash is kept beside the rows ({@code FILE.model}); a re-run with another model is refused instead of
     * mixing two models' scores in one output (an output without that file, from before it existed, is taken as is).
     */
    private void stamp(Path rows, ModelPackage pkg) throws IOException {
        Path stamp = rows.resolveSibling(rows.getFileName() + ".model");
        String id = "sha256:" + Sha256.of(pkg.toZip()).sha256();
        if (Files.isRegularFile(stamp) && Files.exists(rows) && Files.size(rows) > 0) {
            String was = Files.readString(stamp, StandardCharsets.UTF_8).strip();
            if (!was.split(" ", 2)[0].equals(id)) {
                throw new UserException(ExitCodes.FAILED, rows + " holds scores from another model (" + was + "), not "
                        + model + " (" + id + "): a re-run only adds the missing rows, so give another --output or delete "
                        + rows + " to score everything again");
            }
            return;
        }
        Path parent = stamp.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, "." + stamp.getFileName(), ".tmp");
        Files.writeString(tmp, id + " " + model + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, stamp, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private ModelPackage resolveModel(MetadataStore store, BlobStore blobs) throws IOException {
        try {
            return new ModelResolver(Optional.of(store.registry()), blobs).resolve(model).pkg();
        } catch (ModelPackageException e) {
            throw new UserException(ExitCodes.FAILED, e.getMessage());
        }
    }

    private ImageSource source(MetadataStore store, BlobStore blobs) {
        Path dir = Path.of(input);
        if (Files.isDirectory(dir)) {
            return new FolderSource(dir);
        }
        if (!input.contains("@") && !input.matches("[A-Za-z0-9._-]+")) {
            throw new UserException(ExitCodes.USAGE, "no folder " + input + " (and not a dataset NAME@VERSION)");
        }
        DatasetCatalog catalog = new DatasetCatalog(store.datasets(), blobs);
        try {
            return new DatasetSource(catalog, catalog.resolve(input));
        } catch (UnknownDatasetException e) {
            throw new UserException(ExitCodes.FAILED, "no folder " + input + " and " + e.getMessage());
        }
    }

    private static void print(PrintWriter out, BatchSummary s, String positive) {
        out.printf("images %,d: scored %,d, skipped %,d (already in the output)%n", s.items(), s.scored(), s.skipped());
        out.printf("%s %,d of %,d scored (%.1f%%)%n", positive, s.defects(), s.scored() - s.failures().size(),
                s.scored() - s.failures().size() == 0 ? 0.0 : 100.0 * s.defects() / (s.scored() - s.failures().size()));
        out.printf("rate %.1f images/s (%.1f s)%n", s.imagesPerSecond(), s.elapsed().toNanos() / 1e9);
        out.printf("failures %,d%n", s.failures().size());
        for (Map.Entry<String, Long> r : s.failureReasons().entrySet()) {
            out.printf("  %-16s %,d%n", r.getKey(), r.getValue());
        }
        for (BatchRow f : s.failures().subList(0, Math.min(SHOWN_FAILURES, s.failures().size()))) {
            out.printf("  %s: %s%n", f.item(), f.error());
        }
        if (s.failures().size() > SHOWN_FAILURES) {
            out.printf("  ... %,d more (rows with an error in the output)%n", s.failures().size() - SHOWN_FAILURES);
        }
        out.flush();
    }
}
