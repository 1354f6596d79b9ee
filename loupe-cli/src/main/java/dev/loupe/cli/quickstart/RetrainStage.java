package dev.loupe.cli.quickstart;

import dev.loupe.core.pipeline.PipelineRun;
import dev.loupe.core.pipeline.PipelineState;
import dev.loupe.core.pipeline.PipelineStep;
import dev.loupe.data.generate.Frame;
import dev.loupe.data.generate.LineOptions;
import dev.loupe.data.generate.ProductionLine;
import dev.loupe.data.generate.Scenario;
import dev.loupe.pipeline.PipelineContext;
import dev.loupe.pipeline.Pipelines;
import dev.loupe.pipeline.Trainers;
import dev.loupe.pipeline.gate.Comparison;
import dev.loupe.pipeline.gate.Figures;
import dev.loupe.pipeline.rollout.InProcessRollout;
import dev.loupe.pipeline.rollout.LiveImage;
import dev.loupe.pipeline.rollout.LiveImages;
import dev.loupe.pipeline.step.EvaluateStep;
import dev.loupe.pipeline.step.Outputs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Continuous training: the drift alarm triggers the pipeline, which assembles the champion's dataset
 * plus the reviewed production images as a new dataset version, validates it, trains a challenger,
 * evaluates both models on the same test images (original conditions and the dimmed ones), gates,
 * registers, runs the challenger in shadow and then canary on live (dimmed) line images, and promotes
 * it or rolls it back.
 */
final class RetrainStage {
    private RetrainStage() {
    }

    static PipelineRun run(Context ctx, String model, String reason, int liveFrames) throws Exception {
        Stopwatch t = new Stopwatch();
        List<LiveImage> live = liveImages(ctx, liveFrames);
        PipelineRun done;
        try (InProcessRollout rollout = new InProcessRollout(ctx.blobs(), LiveImages.cycle(live), 0)) {
            Pipelines pipelines = new Pipelines(new PipelineContext(ctx.metadata(), ctx.blobs(), ctx.project(),
                    Trainers.builtIn(ctx.clock()), rollout, ctx.clock(), PipelineContext.processOwner(),
                    Duration.ofMinutes(1), Duration.ofMillis(50)));
            ctx.progress("pipeline", "retraining " + model + ": " + reason);
            PipelineRun started = pipelines.start(model, "drift", reason, "quickstart");
            done = pipelines.execute(started.id());
            for (PipelineStep s : pipelines.steps(done.id())) {
                ctx.progress("pipeline", String.format(Locale.ROOT, "%-11s %s", s.step(), s.message()));
            }
            report(ctx, pipelines.steps(done.id()));
        }
        String outcome = switch (done.state()) {
            case PipelineState.Promoted p -> "promoted";
            case PipelineState.GateFailed g -> "gate failed: " + g.reason();
            case PipelineState.RolledBack r -> "rolled back: " + r.reason();
            default -> done.state().name();
        };
        ctx.summary().figure("pipeline_promoted", done.state() instanceof PipelineState.Promoted ? 1 : 0);
        ctx.summary().add("retrain pipeline", done.state().name(), outcome, t.seconds());
        return done;
    }

    /** The old and new model side by side, from the pipeline's own evaluation step. */
    private static void report(Context ctx, List<PipelineStep> steps) {
        Optional<PipelineStep> evaluated = steps.stream().filter(s -> s.step().equals("evaluating"))
                .filter(s -> s.status() == PipelineStep.Status.DONE).reduce((a, b) -> b);
        if (evaluated.isEmpty()) {
            return;
        }
        Comparison c = Outputs.read(evaluated.get().output(), EvaluateStep.Evaluated.class).comparison();
        figure(ctx, "old_model_dimmed", c.champion().newConditions());
        figure(ctx, "new_model_dimmed", c.challenger().newConditions());
        figure(ctx, "old_model_original_test", c.champion().original());
        figure(ctx, "new_model_original_test", c.challenger().original());
        ctx.summary().add("old vs new", "same test images", String.format(Locale.ROOT,
                "dimmed: recall %s -> %s, AUROC %s -> %s; original: AUROC %s -> %s",
                fmt(c.champion().newConditions(), true), fmt(c.challenger().newConditions(), true),
                fmt(c.champion().newConditions(), false), fmt(c.challenger().newConditions(), false),
                fmt(c.champion().original(), false), fmt(c.challenger().original(), false)), 0);
    }

    private static void figure(Context ctx, String prefix, Figures f) {
        if (f == null) {
            return;
        }
        if (f.auroc() != null) {
            ctx.summary().figure(prefix + "_auroc", f.auroc());
        }
        if (f.recall() != null) {
            ctx.summary().figure(prefix + "_recall", f.recall());
        }
        if (f.falseRejectRate() != null) {
            ctx.summary().figure(prefix + "_false_reject_rate", f.falseRejectRate());
        }
        if (f.balancedAccuracy() != null) {
            ctx.summary().figure(prefix + "_balanced_accuracy", f.balancedAccuracy());
        }
    }

    private static String fmt(Figures f, boolean recall) {
        if (f == null) {
            return "n/a";
        }
        Double v = recall ? f.recall() : f.auroc();
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    /** Live traffic for shadow and canary: the line, lamp dimmed, with the reviewers' labels. */
    private static List<LiveImage> liveImages(Context ctx, int frames) {
        ProductionLine line = new ProductionLine(Scenario.DIMMING, ctx.seed() + 2,
                new LineOptions(LineOptions.DEFAULT_SIZE, 0.25, frames));
        List<LiveImage> out = new ArrayList<>();
        for (long i = Scenario.onsetFrame(frames); i < frames; i++) {
            Frame f = line.frame(i);
            out.add(new LiveImage("live-" + i, f.png(), Optional.of(f.factors().label().csv())));
        }
        return out;
    }
}
