package dev.loupe.cli.data;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.dataset.Split;
import dev.loupe.data.version.DatasetExporter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/** {@code loupe data export NAME@VERSION --out DIR [--split test]}: ImageFolder + manifest.csv for external trainers. */
@Command(name = "export", description = "Write a version as an ImageFolder tree plus manifest.csv (split and metadata columns).")
final class DataExportCommand implements java.util.concurrent.Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "NAME[@VERSION]", description = "the version (default: the newest of NAME)")
    String ref;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory (created)")
    Path outDir;

    @Option(names = "--split", paramLabel = "SPLIT", description = "only train, validation or test")
    String split;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Optional<Split> only = Optional.ofNullable(split).map(Split::parse);
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
}
