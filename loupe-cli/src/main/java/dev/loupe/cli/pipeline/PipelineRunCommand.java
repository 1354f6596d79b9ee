package dev.loupe.cli.pipeline;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.UserException;
import dev.loupe.core.pipeline.ActiveRunException;
import dev.loupe.core.pipeline.PipelineRun;
import dev.loupe.core.pipeline.PipelineState;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code loupe pipeline run}: one continuous-training run of a model, from assembling data to promotion. */
@Command(name = "run", description = "Retrain a model now: assemble, validate, train, evaluate, gate, register, shadow, canary, promote.")
final class PipelineRunCommand implements Callable<Integer> {
    @CommandLine.Mixin
    GlobalOptions global;

    @Option(names = "--model", required = true, paramLabel = "NAME", description = "the registered model (it needs a champion)")
    String model;

    @Option(names = "--reason", paramLabel = "TEXT", description = "why, recorded with the run and in the audit log")
    String reason = "";

    @Option(names = "--project", paramLabel = "FILE", description = "project file (default: ./loupe.yaml, else the template's defaults)")
    Path project;

    @Option(names = "--live", paramLabel = "DIR", description = "live images for shadow and canary (label folders optional); default: the model's logged images")
    Path live;

    @Option(names = "--live-rate", paramLabel = "N", defaultValue = "0", description = "images per second the live source delivers (default: as fast as scored)")
    double liveRate;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (PipelineSession s = PipelineSession.open(global.config(), project == null ? Path.of("loupe.yaml") : project,
                project != null, model, live, liveRate)) {
            PipelineRun run;
            try {
                run = s.pipelines.runOnce(model, reason, System.getProperty("user.name", "unknown"));
            } catch (ActiveRunException e) {
                throw new UserException(ExitCodes.FAILED, e.getMessage() + " (see 'loupe pipeline status --model " + model + "')");
            } catch (IllegalArgumentException e) {
                throw new UserException(ExitCodes.FAILED, e.getMessage());
            }
            PipelineSession.print(out, run, s.pipelines.steps(run.id()));
            return run.state() instanceof PipelineState.Promoted ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }
}
