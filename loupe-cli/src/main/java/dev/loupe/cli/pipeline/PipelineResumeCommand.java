package dev.loupe.cli.pipeline;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.UserException;
import dev.loupe.core.pipeline.PipelineRun;
import dev.loupe.core.pipeline.PipelineState;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code loupe pipeline resume}: continues a model's run whose process died, from the interrupted step. A model
 * with no active run is left as it is, exit 0; one the registry does not know is an error, exit 1.
 */
@Command(name = "resume", description = "Continue a model's interrupted run (its process died) from the step it was in.")
final class PipelineResumeCommand implements Callable<Integer> {
    @CommandLine.Mixin
    GlobalOptions global;

    @Option(names = "--model", required = true, paramLabel = "NAME", description = "the model whose active run to resume")
    String model;

    @Option(names = "--project", paramLabel = "FILE", description = "project file (default: ./loupe.yaml)")
    Path project;

    @Option(names = "--live", paramLabel = "DIR", description = "live images for shadow and canary; default: the model's logged images")
    Path live;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (PipelineSession s = PipelineSession.open(global.config(), project == null ? Path.of("loupe.yaml") : project,
                project != null, model, live, 0)) {
            Optional<PipelineRun> run;
            try {
                run = s.pipelines.resume(model);
            } catch (IllegalStateException e) {
                throw new UserException(ExitCodes.FAILED, e.getMessage());
            }
            if (run.isEmpty()) {
                PipelineSession.requireRegistered(s.context().metadata(), model);
                out.println("model " + model + " has no active pipeline run; nothing to resume");
                return ExitCodes.OK;
            }
            PipelineSession.print(out, run.get(), s.pipelines.steps(run.get().id()));
            return run.get().state() instanceof PipelineState.Promoted ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }
}
