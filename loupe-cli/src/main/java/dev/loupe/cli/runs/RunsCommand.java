package dev.loupe.cli.runs;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code loupe runs}: tracked training and evaluation runs. */
@Command(name = "runs", description = "List and inspect tracked runs.",
        subcommands = {RunsListCommand.class, RunsShowCommand.class})
public final class RunsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
