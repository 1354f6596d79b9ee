package dev.loupe.cli.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code loupe bench ...}: benchmarks that print figures and ratios measured side by side in one run. */
@Command(name = "bench", description = "Benchmarks: figures and ratios measured side by side in one run.",
        subcommands = {DriftBenchCommand.class, RecorderBenchCommand.class, RetentionBenchCommand.class,
                GenerateBenchCommand.class, ServeBenchCommand.class, EdgeBenchCommand.class,
                TrainBenchCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
