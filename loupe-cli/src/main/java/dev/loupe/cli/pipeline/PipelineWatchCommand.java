package dev.loupe.cli.pipeline;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.UserException;
import dev.loupe.core.pipeline.PipelineRun;
import dev.loupe.core.pipeline.PipelineState;
import dev.loupe.pipeline.trigger.PipelineWatcher;
import dev.loupe.pipeline.trigger.TriggerEvaluator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code loupe pipeline watch}: the automatic retraining triggers for deployments without a long-running
 * {@code loupe server} (which runs them itself): evaluates each model's triggers every interval, starts the
 * due runs and executes them here, one at a time, each with an in-process roll-out on the model's live
 * images. {@code --once} evaluates once, executes what it started and exits (for cron and tests).
 */
@Command(name = "watch", description = {"Start runs when the project's automatic triggers call for them.",
        "The triggers: a drift alert, N new labels, the schedule; runs execute here. --once checks once, runs what is due and exits",
        "(exit 1 when a started run was not promoted)."})
final class PipelineWatchCommand implements Callable<Integer> {
    @CommandLine.Mixin
    GlobalOptions global;

    @Option(names = "--model", paramLabel = "NAME", description = "watch only this model (default: every model with a champion)")
    String model;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "30s",
            description = "how often the triggers are evaluated: 30s, 5m, 1h (default: ${DEFAULT-VALUE})")
    String interval;

    @Option(names = "--once", description = "evaluate once, execute the runs started, exit")
    boolean once;

    @Option(names = "--project", paramLabel = "FILE", description = "project file (default: ./loupe.yaml, else the template's defaults)")
    Path project;

    @Option(names = "--live", paramLabel = "DIR", description = "live images for shadow and canary (label folders optional); default: each model's logged images")
    Path live;

    @Option(names = "--live-rate", paramLabel = "N", defaultValue = "0", description = "images per second the live source delivers (default: as fast as scored)")
    double liveRate;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Duration every = ServerTriggers.interval("--interval", interval);
        try (PipelineSession s = PipelineSession.open(global.config(), project == null ? Path.of("loupe.yaml") : project,
                project != null, null, live, liveRate)) {
            if (model != null) {
                PipelineSession.requireRegistered(s.context().metadata(), model);
            }
            var triggers = s.context().retraining().triggers();
            if (!TriggerEvaluator.anyAutomatic(triggers)) {
                throw new UserException(ExitCodes.CONFIG, "no automatic trigger is enabled in retraining.triggers of "
                        + s.context().project().source() + " (on_drift_alert, new_labels, schedule)");
            }
            List<PipelineRun> started = new ArrayList<>();
            try (PipelineWatcher watcher = new PipelineWatcher(s.context(), m -> model == null || model.equals(m),
                    run -> {
                        PipelineRun done = s.executeWithOwnRollout(run);
                        synchronized (started) {
                            started.add(done);
                        }
                        return done;
                    }, line -> event(out, line), true)) { // each run has its own roll-out: models run side by side
                return once ? once(watcher, out, started) : watch(watcher, out, every);
            }
        }
    }

    private int once(PipelineWatcher watcher, PrintWriter out, List<PipelineRun> ended) throws InterruptedException {
        List<PipelineWatcher.Check> checks = watcher.check();
        if (checks.isEmpty()) {
            out.println(model == null ? "no model has a champion" : "model " + model + " has no champion");
        }
        checks.stream().filter(c -> c.action() == PipelineWatcher.Action.NONE).forEach(c -> print(out, c));
        out.flush();
        watcher.awaitIdle(Duration.ofDays(365));
        long started = checks.stream().filter(c -> c.action() != PipelineWatcher.Action.NONE).count();
        synchronized (ended) {
            boolean allPromoted = ended.size() == started
                    && ended.stream().allMatch(r -> r.state() instanceof PipelineState.Promoted);
            return allPromoted ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    private int watch(PipelineWatcher watcher, PrintWriter out, Duration every) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(stop::countDown, "loupe-pipeline-watch-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        out.printf("watching %s every %s; Ctrl-C to stop%n", model == null ? "every model with a champion" : model, interval);
        out.flush();
        Map<String, String> last = new HashMap<>();
        do {
            for (PipelineWatcher.Check c : watcher.check()) {
                String line = c.action() + " " + c.decision().reason();
                if (c.action() == PipelineWatcher.Action.NONE && !line.equals(last.get(c.model()))) {
                    print(out, c);
                }
                last.put(c.model(), line);
            }
            out.flush();
        } while (!stop.await(every.toMillis(), TimeUnit.MILLISECONDS));
        return ExitCodes.OK;
    }

    /** A model with nothing due, and why. */
    private static void print(PrintWriter out, PipelineWatcher.Check c) {
        event(out, c.model() + ": not due (" + c.decision().reason() + ")");
    }

    /** A line with the time: the watcher's events (started, resumed, ended) and the quiet checks. */
    private static void event(PrintWriter out, String line) {
        out.printf("%s  %s%n", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), line);
        out.flush();
    }
}
