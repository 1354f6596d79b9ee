package dev.loupe.cli.pipeline;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code loupe pipeline}: continuous training from the command line. */
@Command(name = "pipeline", description = "Retrain, gate, roll out and promote a model; see runs and stop them.",
        subcommands = {
                PipelineRunCommand.class,
                PipelineStatusCommand.class,
                PipelineHistoryCommand.class,
                PipelineAbortCommand.class,
                PipelineResumeCommand.class,
                PipelineWatchCommand.class
        })
public final class PipelineCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
