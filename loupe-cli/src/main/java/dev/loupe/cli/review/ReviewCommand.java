package dev.loupe.cli.review;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code loupe review ...}: the human review queue of partial automation, over the platform's API. */
@Command(name = "review", description = "Review queue: parts the model sent to a person, and their labels.",
        subcommands = {ReviewListCommand.class, ReviewLabelCommand.class})
public final class ReviewCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
