package dev.loupe.cli.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.JsonOutput;
import dev.loupe.cli.models.Format;
import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.dataset.Split;
import dev.loupe.data.version.VersionId;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;

/** {@code loupe data list [NAME] [--json]}: dataset versions, newest first. */
@Command(name = "list", description = "List dataset versions, newest first.")
final class DataListCommand implements java.util.concurrent.Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions global;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "only this dataset's versions")
    String name;

    @CommandLine.Option(names = "--json", description = "print the versions as JSON")
    boolean json;

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (DataStores stores = DataStores.open(global.config())) {
            List<DatasetVersion> versions = name == null ? stores.metadata().datasets().list()
                    : stores.metadata().datasets().list(name);
            if (json) {
                JsonOutput.printList(out, "versions", versions, DataListCommand::json);
                return ExitCodes.OK;
            }
            if (versions.isEmpty()) {
                out.println("no dataset versions" + (name == null ? "" : " named " + name)
                        + " (import one with 'loupe data import PATH --name NAME')");
                return ExitCodes.OK;
            }
            out.printf("%-40s %8s  %-20s  %-12s  %s%n", "VERSION", "SAMPLES", "CREATED", "BY", "LABELS");
            for (DatasetVersion v : versions) {
                out.printf("%-40s %8d  %-20s  %-12s  %s%n", v.name() + "@" + VersionId.shortId(v.id()), v.sampleCount(),
                        Format.time(v.createdAt()), v.createdBy(), DataShowCommand.labels(v.labelCounts()));
            }
        }
        return ExitCodes.OK;
    }

    /**
     * A version: full {@code id} and {@code ref}; {@code labels} counts unlabelled samples under {@code ""}
     * (as {@code data validate --json} does); {@code splits} has all three splits.
     */
    static ObjectNode json(DatasetVersion v) {
        ObjectNode n = JsonOutput.object();
        n.put("name", v.name()).put("id", v.id()).put("ref", v.toString()).put("parent", v.parent().orElse(null))
                .put("source", v.source()).put("created_by", v.createdBy());
        JsonOutput.time(n, "created_at", v.createdAt());
        n.put("samples", v.sampleCount());
        ObjectNode labels = n.putObject("labels");
        new java.util.TreeMap<>(v.labelCounts()).forEach(labels::put);
        ObjectNode splits = n.putObject("splits");
        for (Split s : Split.values()) {
            splits.put(s.lower(), v.splitCounts().getOrDefault(s, 0));
        }
        return n;
    }
}
