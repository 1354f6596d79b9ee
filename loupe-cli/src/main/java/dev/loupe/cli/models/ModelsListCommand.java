package dev.loupe.cli.models;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.JsonOutput;
import dev.loupe.core.registry.RegisteredModel;
import dev.loupe.store.jdbc.JdbcMetadataStore;
import dev.loupe.store.jdbc.MetadataStores;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code loupe models list [--json]}: every registered model with its latest version and aliases. */
@Command(name = "list", description = "List registered models: latest version, aliases, last change.")
final class ModelsListCommand implements Callable<Integer> {
    @CommandLine.Mixin
    GlobalOptions global;

    @Option(names = "--json", description = "print the models as JSON")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (JdbcMetadataStore store = MetadataStores.open(global.config())) {
            List<RegisteredModel> models = store.registry().models();
            if (json) {
                JsonOutput.printList(out, "models", models, ModelsListCommand::json);
                return ExitCodes.OK;
            }
            if (models.isEmpty()) {
                out.println("no registered models (register one with the trainer, or through the MLflow API of `loupe server`)");
                return ExitCodes.OK;
            }
            TextTable t = new TextTable("NAME", "LATEST", "ALIASES", "UPDATED", "DESCRIPTION");
            for (RegisteredModel m : models) {
                t.row(m.name(), m.latestVersion() == 0 ? "-" : m.latestVersion(), Format.aliases(m.aliases()),
                        Format.time(m.lastUpdatedTime()), m.description());
            }
            t.print(out, "");
        }
        return ExitCodes.OK;
    }

    /** A registered model; {@code latest_version} is null while it has no version. */
    static ObjectNode json(RegisteredModel m) {
        ObjectNode n = JsonOutput.object();
        n.put("name", m.name());
        n.put("description", m.description());
        if (m.latestVersion() == 0) {
            n.putNull("latest_version");
        } else {
            n.put("latest_version", m.latestVersion());
        }
        ObjectNode aliases = n.putObject("aliases");
        m.aliases().forEach(aliases::put);
        JsonOutput.strings(n, "tags", m.tags());
        JsonOutput.time(n, "created_at", m.creationTime());
        JsonOutput.time(n, "updated_at", m.lastUpdatedTime());
        return n;
    }
}
