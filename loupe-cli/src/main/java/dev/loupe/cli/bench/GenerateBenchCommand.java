package dev.loupe.cli.bench;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.UserException;
import dev.loupe.data.generate.GeneratorBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.concurrent.Callable;

/** {@code loupe bench generate}: the synthetic generator's throughput, step by step, and PNG encoders compared. */
@Command(name = "generate", description = "Synthetic image generator throughput: rendering, PNG encoders "
        + "(Loupe's vs ImageIO), and a whole run on every core to a temporary directory.")
final class GenerateBenchCommand implements Callable<Integer> {

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @Option(names = "--count", paramLabel = "N", description = "images in the end-to-end run (default: ${DEFAULT-VALUE})")
    int count = 5000;

    @Option(names = "--size", paramLabel = "PX", description = "image side in pixels (default: ${DEFAULT-VALUE})")
    int size = 128;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        GeneratorBenchmark bench;
        try {
            bench = new GeneratorBenchmark(count, size, spec.commandLine().getOut());
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCodes.USAGE, e.getMessage());
        }
        bench.run();
        return ExitCodes.OK;
    }
}
