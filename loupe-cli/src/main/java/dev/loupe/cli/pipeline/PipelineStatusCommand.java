package dev.loupe.cli.pipeline;

import dev.loupe.cli.ExitCodes;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.JsonOutput;
import dev.loupe.cli.UserException;
import dev.loupe.core.pipeline.PipelineRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code loupe pipeline status [--json]}: a run's state and steps; by default the model's active or latest run.
 * With {@code --json}: {@code {"model": ..., "run": ...}}, the run null when the model has none.
 */
@Command(name = "status", description = "A pipeline run's state and steps (the model's active run, else its latest).")
final class PipelineStatusCommand implements Callable<Integer> {
    @CommandLine.Mixin
    GlobalOptions global;

    @CommandLine.Mixin
    RunTarget target;

    @CommandLine.Option(names = "--json", description = "print the run and its steps as JSON")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String model = target.validated().model;
        String runId = target.runId;
        PrintWriter out = spec.commandLine().getOut();
        try (PipelineSession s = PipelineSession.open(global.config(), Path.of("loupe.yaml"), false, null, null, 0)) {
            PipelineRun run;
            if (runId != null) {
                run = s.pipelines.run(runId).orElseThrow(() -> new UserException(ExitCodes.FAILED, "no pipeline run " + runId));
            } else {
                List<PipelineRun> latest = s.pipelines.history(model, 1);
                run = s.pipelines.active(model).orElse(latest.isEmpty() ? null : latest.getFirst());
                if (run == null) {
                    PipelineSession.requireRegistered(s.context().metadata(), model);
                }
                if (run == null && json) {
                    JsonOutput.print(out, JsonOutput.object().put("model", model).putNull("run"));
                    return ExitCodes.OK;
                }
                if (run == null) {
                    out.println("model " + model + " has no pipeline runs (start one: loupe pipeline run --model " + model + ")");
                    return ExitCodes.OK;
                }
            }
            if (json) {
                ObjectNode root = JsonOutput.object().put("model", run.model());
                root.set("run", PipelineSession.json(run, s.pipelines.steps(run.id())));
                JsonOutput.print(out, root);
                return ExitCodes.OK;
            }
            PipelineSession.print(out, run, s.pipelines.steps(run.id()));
            if (!run.state().done()) {
                out.printf("owner %s, lease until %s%s%n", run.owner().orElse("-"), run.leaseUntil(),
                        run.abortRequested() ? ", abort requested" : "");
            }
        }
        return ExitCodes.OK;
    }
}
