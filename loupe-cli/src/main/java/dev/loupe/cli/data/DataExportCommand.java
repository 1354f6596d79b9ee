package dev.loupe.cli.data;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.UserException;
import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.dataset.Split;
import dev.loupe.data.version.DatasetExporter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** {@code loupe data export NAME@VERSION --out DIR [--split test]}: ImageFolder + manifest.csv for external trainers. */
@Command(name = "export", description = "Write a version as an ImageFolder tree plus manifest.csv (split and metadata columns).")
final class DataExportCommand implements java.util.concurrent.Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "NAME[@VERSION]", description = "the version (default: the newest of NAME)")
    String ref;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory: new or empty (created)")
    Path outDir;

    @Option(names = "--split", paramLabel = "SPLIT", description = "only train, validation or test")
    String split;

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Optional<Split> only = Optional.ofNullable(split).map(Split::parse);
        checkOut(outDir);
        try (DataStores stores = DataStores.open(global.config())) {
            DatasetVersion v = stores.resolve(ref);
            DatasetExporter.Result r = new DatasetExporter(stores.catalog()).export(v, only, outDir);
            out.printf("exported %d images of %s%s to %s (manifest %s)%n", r.written(), v,
                    only.map(s -> " (" + s.lower() + ")").orElse(""), outDir, r.manifest().getFileName());
            if (r.skippedUnreadable() + r.skippedUnlabelled() > 0) {
                out.printf("  skipped %d unreadable and %d unlabelled samples%n", r.skippedUnreadable(), r.skippedUnlabelled());
            }
        }
        return ExitCodes.OK;
    }

    /**
     * Refuses a file, or a folder that already holds something: an earlier export's images would stay beside this
     * one's (a {@code --split test} export into a full one leaves every training image under the label folders, which
     * an ImageFolder trainer takes), and its {@code manifest.csv} would be overwritten.
     */
    private static void checkOut(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserException(ExitCodes.USAGE, "--out " + dir + " is a file; give a new or empty folder");
        }
        if (Files.isDirectory(dir)) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new UserException(ExitCodes.USAGE, "--out " + dir + " is not empty; give a new or empty folder"
                            + " (an export's images would mix with what is there)");
                }
            }
        }
    }
}
