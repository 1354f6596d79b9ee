package dev.loupe.cli.pipeline;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.UserException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Which pipeline run a command acts on: {@code --model NAME} (its active or latest run) or a RUN id. */
final class RunTarget {
    @Option(names = "--model", paramLabel = "NAME", description = "the model (its active run, for status else its latest)")
    String model;

    @Parameters(arity = "0..1", paramLabel = "RUN", description = "a run id")
    String runId;

    /** Exactly one of the two must be given. */
    RunTarget validated() {
        if ((model == null) == (runId == null)) {
            throw new UserException(ExitCodes.USAGE, "give --model NAME or a RUN id");
        }
        return this;
    }
}
