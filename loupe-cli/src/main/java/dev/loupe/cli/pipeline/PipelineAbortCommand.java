package dev.loupe.cli.pipeline;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.UserException;
import dev.loupe.core.pipeline.PipelineRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code loupe pipeline abort}: stops a run. A run executing in a live process is asked to stop (it rolls
 * back at its next check); a run whose process died is ended here. A model with no active run, or a run that
 * already ended, is left as it is with exit 0, as {@code pipeline resume} does: nothing needed stopping. A model
 * the registry does not know (and that has no active run) is an error, exit 1: a misspelt name has no run either.
 */
@Command(name = "abort", description = "Stop a model's active run (or a RUN id); the champion keeps serving.")
final class PipelineAbortCommand implements Callable<Integer> {
    @CommandLine.Mixin
    GlobalOptions global;

    @CommandLine.Mixin
    RunTarget target;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String model = target.validated().model;
        String runId = target.runId;
        PrintWriter out = spec.commandLine().getOut();
        try (PipelineSession s = PipelineSession.open(global.config(), Path.of("loupe.yaml"), false, null, null, 0)) {
            String id = runId;
            if (id == null) {
                Optional<PipelineRun> active = s.pipelines.active(model);
                if (active.isEmpty()) {
                    PipelineSession.requireRegistered(s.context().metadata(), model);
                    // no run is the state abort asks for, as with a run that already ended: not a problem found
                    out.println("model " + model + " has no active pipeline run; nothing to stop");
                    return ExitCodes.OK;
                }
                id = active.get().id();
            }
            PipelineRun run;
            try {
                run = s.pipelines.abort(id, System.getProperty("user.name", "unknown"));
            } catch (IllegalArgumentException e) {
                throw new UserException(ExitCodes.FAILED, e.getMessage());
            }
            if (run.state().done()) {
                out.println("run " + id + " is " + run.state().name());
            } else {
                out.println("run " + id + " is executing in " + run.owner().orElse("?")
                        + "; asked it to stop (it rolls back and ends as ABORTED)");
            }
        }
        return ExitCodes.OK;
    }
}
