package dev.loupe.cli.data;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code loupe data}: the data stage's commands. */
@Command(name = "data",
        description = "Generate synthetic images; import, validate, list, show and export dataset versions.",
        subcommands = {
                DataImportCommand.class,
                DataValidateCommand.class,
                DataListCommand.class,
                DataShowCommand.class,
                DataExportCommand.class,
                GenerateCommand.class
        })
public final class DataCommand implements Runnable {

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
