package dev.loupe.cli.models;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code loupe models}: the model registry from the command line. */
@Command(name = "models", description = "List, inspect, alias, tag, compare and export registered models.",
        subcommands = {
                ModelsListCommand.class,
                ModelsShowCommand.class,
                ModelsAliasCommand.class,
                ModelsRolloutCommand.class,
                ModelsTagCommand.class,
                ModelsCompareCommand.class,
                ModelsExportCommand.class
        })
public final class ModelsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
