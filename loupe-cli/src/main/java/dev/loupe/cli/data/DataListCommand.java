package dev.loupe.cli.data;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.data.version.VersionId;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** {@code loupe data list [NAME]}: dataset versions, newest first. */
@Command(name = "list", description = "List dataset versions, newest first.")
final class DataListCommand implements java.util.concurrent.Callable<Integer> {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    @CommandLine.Mixin
    GlobalOptions global;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "only this dataset's versions")
    String name;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (DataStores stores = DataStores.open(global.config())) {
            List<DatasetVersion> versions = name == null ? stores.metadata().datasets().list()
                    : stores.metadata().datasets().list(name);
            if (versions.isEmpty()) {
                out.println("no dataset versions" + (name == null ? "" : " named " + name)
                        + " (import one with 'loupe data import PATH --name NAME')");
                return ExitCodes.OK;
            }
            out.printf("%-40s %8s  %-20s  %-12s  %s%n", "VERSION", "SAMPLES", "CREATED", "BY", "LABELS");
            for (DatasetVersion v : versions) {
                out.printf("%-40s %8d  %-20s  %-12s  %s%n", v.name() + "@" + VersionId.shortId(v.id()), v.sampleCount(),
                        TIME.format(v.createdAt()), v.createdBy(), DataShowCommand.labels(v.labelCounts()));
            }
        }
        return ExitCodes.OK;
    }
}
