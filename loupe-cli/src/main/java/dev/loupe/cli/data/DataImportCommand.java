package dev.loupe.cli.data;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.UserException;
import dev.loupe.core.dataset.DatasetRef;
import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.data.imports.DatasetImporter;
import dev.loupe.data.imports.ImportFormat;
import dev.loupe.data.imports.ImportRequest;
import dev.loupe.data.imports.ImportResult;
import dev.loupe.data.imports.NoImageFilesException;
import dev.loupe.data.version.SplitRatios;
import dev.loupe.data.version.UnknownDatasetException;
import dev.loupe.data.version.VersionId;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** {@code loupe data import PATH --name NAME}: a folder or manifest becomes an immutable dataset version. */
@Command(name = "import", description = {
        "Import an image folder, an MVTec AD directory or a CSV/JSON manifest as an immutable dataset version.",
        "Prints NAME@<id>; the same content always gets the same id, and nothing is stored twice."})
final class DataImportCommand implements java.util.concurrent.Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "PATH", description = "a directory, or a manifest file (.csv, .json, .jsonl)")
    Path path;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "dataset name")
    String name;

    @Option(names = "--format", paramLabel = "FORMAT", description = "imagefolder, mvtec or manifest (default: detected)")
    String format;

    @Option(names = "--split", paramLabel = "TRAIN,VAL,TEST", description = "split ratios (default: 0.7,0.15,0.15)")
    String split = "0.7,0.15,0.15";

    @Option(names = "--parent", paramLabel = "NAME@ID", description = "the version this one derives from")
    String parent;

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.exists(path)) {
            throw new UserException(ExitCodes.USAGE, "PATH " + path + ": no such file or directory");
        }
        ImportRequest request = new ImportRequest(path, name,
                Optional.ofNullable(format).map(ImportFormat::parse), SplitRatios.parse(split),
                Optional.ofNullable(parent).map(DatasetRef::parse));
        try (DataStores stores = DataStores.open(global.config())) {
            ImportResult r;
            try {
                r = DatasetImporter.of(stores.metadata().datasets(), stores.blobs()).importFrom(request);
            } catch (UnknownDatasetException e) {
                throw new UserException(ExitCodes.FAILED, e.getMessage());
            } catch (NoImageFilesException e) {
                // what the command line named cannot be imported, as monitor replay/reference treat an empty folder
                throw new UserException(ExitCodes.USAGE, e.getMessage());
            }
            DatasetVersion v = r.version();
            String ref = v.name() + "@" + VersionId.shortId(v.id());
            out.println(ref);
            out.printf("  %s, %d samples; splits %s; labels %s%n", r.format().lower(), v.sampleCount(),
                    DataShowCommand.splits(v), DataShowCommand.labels(v.labelCounts()));
            out.printf("  %s; %d new blobs%n", r.created() ? "new version" : "unchanged: this content is already "
                    + ref + ", nothing stored", r.newBlobs());
            if (r.unreadable() > 0) {
                out.printf("  %d unreadable files kept as samples (see 'loupe data validate %s')%n", r.unreadable(), ref);
            }
            if (!r.skipped().isEmpty()) {
                out.printf("  %d entries skipped:%n", r.skipped().size());
                r.skipped().stream().limit(20).forEach(s -> out.println("    " + s));
                if (r.skipped().size() > 20) {
                    out.printf("    ... and %d more%n", r.skipped().size() - 20);
                }
            }
        }
        return ExitCodes.OK;
    }
}
