package dev.loupe.cli.pipeline;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.JsonOutput;
import dev.loupe.cli.UserException;
import dev.loupe.core.pipeline.PipelineRun;
import dev.loupe.core.pipeline.PipelineState;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code loupe pipeline history [--json]}: runs, newest first, with their outcome. */
@Command(name = "history", description = "Pipeline runs, newest first: trigger, state, outcome.")
final class PipelineHistoryCommand implements Callable<Integer> {
    @CommandLine.Mixin
    GlobalOptions global;

    @Option(names = "--model", paramLabel = "NAME", description = "only this model's runs")
    String model;

    @Option(names = "--limit", defaultValue = "20", description = "at most this many (default: 20)")
    int limit;

    @Option(names = "--json", description = "print the runs as JSON")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (limit < 1) {
            throw new UserException(ExitCodes.USAGE, "--limit takes a number of runs, at least 1 (got " + limit + ")");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (PipelineSession s = PipelineSession.open(global.config(), Path.of("loupe.yaml"), false, null, null, 0)) {
            List<PipelineRun> runs = s.pipelines.history(model, limit);
            if (json) {
                JsonOutput.printList(out, "runs", runs, PipelineSession::json);
                return ExitCodes.OK;
            }
            if (runs.isEmpty()) {
                out.println("no pipeline runs");
            }
            for (PipelineRun r : runs) {
                out.printf("%s  %s  %-8s %-10s %-12s %s%n", r.createdAt(), r.id(), r.model(), r.trigger(), r.state().name(),
                        r.state() instanceof PipelineState.Done d ? d.reason() : "");
                out.printf("    %s by %s%s%n", r.trigger(), r.requestedBy(), r.reason().isBlank() ? "" : ": " + r.reason());
            }
        }
        return ExitCodes.OK;
    }
}
