package dev.loupe.cli.labels;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code loupe labels}: label quality. Prints its usage; the work is in the subcommands. */
@Command(name = "labels", description = "Label quality: agreement, consensus, disagreements, re-label queue.",
        subcommands = {LabelsCheckCommand.class})
public final class LabelsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
