package dev.loupe.cli.models;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.core.registry.RegisteredModel;
import dev.loupe.store.jdbc.JdbcMetadataStore;
import dev.loupe.store.jdbc.MetadataStores;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code loupe models list}: every registered model with its latest version and aliases. */
@Command(name = "list", description = "List registered models: latest version, aliases, last change.")
final class ModelsListCommand implements Callable<Integer> {
    @CommandLine.Mixin
    GlobalOptions global;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (JdbcMetadataStore store = MetadataStores.open(global.config())) {
            List<RegisteredModel> models = store.registry().models();
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
}
