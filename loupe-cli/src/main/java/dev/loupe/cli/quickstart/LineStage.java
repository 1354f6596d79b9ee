package dev.loupe.cli.quickstart;

import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.dataset.Split;
import dev.loupe.core.decision.Decision;
import dev.loupe.core.decision.DecisionPolicy;
import dev.loupe.core.image.ImageStats;
import dev.loupe.core.inference.InferenceException;
import dev.loupe.core.model.ImageClassifier;
import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.core.model.Prediction;
import dev.loupe.core.monitoring.DriftAlarm;
import dev.loupe.core.monitoring.Feedback;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.data.generate.Frame;
import dev.loupe.data.generate.LineOptions;
import dev.loupe.data.generate.ProductionLine;
import dev.loupe.data.generate.Scenario;
import dev.loupe.monitor.log.PredictionRecorder;
import dev.loupe.monitor.log.RecorderConfig;
import dev.loupe.monitor.reference.DatasetReference;
import dev.loupe.monitor.reference.Reference;
import dev.loupe.monitor.reference.References;
import dev.loupe.monitor.watch.ModelMonitor;
import dev.loupe.monitor.watch.MonitorConfig;
import dev.loupe.train.eval.Evaluation;
import dev.loupe.train.eval.ScoredSample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The line: the synthetic production line runs the {@code dimming} scenario (the lamp fades from 30%
 * of the stream on); every frame is scored by the champion, decided (pass / reject / review band),
 * logged, and watched by the calibrated drift monitors; a simulated reviewer labels the review-band
 * images, which go back as feedback and become training data for the next model.
 */
final class LineStage {
    private LineStage() {
    }

    /** A reviewed production image: its frame and the label the reviewer gave. */
    record Reviewed(long frame, String label) {
    }

    /** What the line produced. */
    record Result(List<Reviewed> reviewed, Optional<DriftAlarm> firstAlarm, long onset, Map<Decision, Integer> decisions) {
    }

    static final String STATION = "line-1";

    /**
     * Saves the champion's monitoring reference ({@link DatasetReference}: training-split statistics, validation
     * scores, embeddings of the images it never trained on) and returns the validation scores.
     */
    static double[] reference(Context ctx, DatasetVersion data, ModelStage.Trained champion) throws Exception {
        Evaluation validation = ModelStage.evaluate(ctx, champion.pkg(), data, Split.VALIDATION);
        Reference ref;
        try (ImageClassifier model = ImageClassifier.load(champion.pkg(), 1)) {
            ref = DatasetReference.build(model, model.descriptor().name(), Integer.toString(champion.version().version()),
                    data.toString(), ctx.metadata().datasets().samples(data), ctx.blobs(),
                    ScoredSample.scores(validation.scored()), ScoredSample.truths(validation.scored()), ctx.clock().instant());
        }
        new References(ctx.metadata().monitoring(), ctx.blobs()).save(ref);
        return ref.scores();
    }

    static Result run(Context ctx, ModelStage.Trained champion, int frames, String serverUrl) throws Exception {
        Stopwatch t = new Stopwatch();
        ModelDescriptor d = champion.pkg().descriptor();
        ProductionLine line = new ProductionLine(Scenario.DIMMING, ctx.seed() + 1,
                new LineOptions(LineOptions.DEFAULT_SIZE, LineOptions.DEFAULT_DEFECT_RATE, frames));
        long onset = Scenario.onsetFrame(frames);
        Instant start = ctx.clock().instant();
        ctx.progress("line", frames + " frames of the dimming scenario through " + serverUrl + "/v1/models/" + d.name()
                + "/inspect (the lamp starts fading at frame " + onset + ")");
        Map<Decision, Integer> decisions = new EnumMap<>(Decision.class);
        List<Reviewed> reviewed = new ArrayList<>();
        InspectClient client = new InspectClient(serverUrl, d.name(), STATION);
        for (long i = 0; i < frames; i++) {
            Frame f = line.frame(i);
            String requestId = "frame-" + i;
            Decision decision = client.inspect(f.png(), requestId);
            decisions.merge(decision, 1, Integer::sum);
            if (decision == Decision.REVIEW) {
                String truth = f.factors().label().csv(); // the simulated reviewer looks carefully
                client.feedback(requestId, truth, "simulated-reviewer");
                reviewed.add(new Reviewed(i, truth));
            }
            if ((i + 1) % 500 == 0) {
                ctx.progress("line", (i + 1) + "/" + frames + " frames, decisions " + decisions);
            }
        }
        Optional<DriftAlarm> first = awaitAlarm(ctx, d.name(), start, frames);
        first.ifPresent(a -> ctx.progress("monitor", String.format(Locale.ROOT,
                "DRIFT ALARM on %s (%s) at %s, estimated start %s, effect %.2f",
                a.monitor(), a.direction(), a.alarmRequestId(), a.startRequestId(), a.effectSize())));
        long alarmFrame = first.map(a -> frameOf(a.alarmRequestId())).orElse(-1L);
        ctx.summary().figure("line_frames", frames);
        ctx.summary().figure("drift_onset_frame", onset);
        ctx.summary().figure("drift_alarm_frame", alarmFrame);
        ctx.summary().figure("drift_detection_delay_frames", alarmFrame < 0 ? -1 : alarmFrame - onset);
        first.ifPresent(a -> ctx.summary().figure("drift_estimated_start_frame", frameOf(a.startRequestId())));
        decisions.forEach((k, v) -> ctx.summary().figure("decisions_" + k.wireName(), v));
        ctx.summary().figure("images_reviewed", reviewed.size());
        ctx.summary().add("line (dimming)", frames + " decisions", "pass " + decisions.getOrDefault(Decision.PASS, 0)
                + ", reject " + decisions.getOrDefault(Decision.REJECT, 0) + ", review "
                + decisions.getOrDefault(Decision.REVIEW, 0) + " (served over HTTP, all logged)", t.seconds());
        ctx.summary().add("monitor", first.map(a -> "alarm: " + a.monitor()).orElse("no alarm"),
                alarmFrame < 0 ? "no drift detected" : "onset frame " + onset + ", alarm frame " + alarmFrame
                        + ", delay " + (alarmFrame - onset) + " frames, estimated start frame "
                        + frameOf(first.get().startRequestId()), 0);
        ctx.summary().add("review", reviewed.size() + " labels", "review-band images labelled by a simulated reviewer, "
                + "sent as feedback", 0);
        return new Result(reviewed, first, onset, decisions);
    }

    /** The server's monitor runs off the request path: wait until it has seen every frame. */
    private static Optional<DriftAlarm> awaitAlarm(Context ctx, String model, Instant from, long frames)
            throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            List<DriftAlarm> alarms = ctx.metadata().monitoring().alarms(model, from.minusSeconds(60));
            if (ctx.metadata().predictions().count(model, from.minusSeconds(60), Instant.now().plusSeconds(60)) >= frames) {
                return alarms.stream().min(java.util.Comparator.comparingLong(a -> frameOf(a.alarmRequestId())));
            }
            Thread.sleep(100); // polling the store the server writes to; the recorder flushes every second
        }
        return ctx.metadata().monitoring().alarms(model, from.minusSeconds(60)).stream()
                .min(java.util.Comparator.comparingLong(a -> frameOf(a.alarmRequestId())));
    }

    private static long frameOf(String requestId) {
        return requestId != null && requestId.startsWith("frame-") ? Long.parseLong(requestId.substring(6)) : -1;
    }

    /**
     * Partial automation: the scores nearest the threshold go to a person. The band is sized on the
     * champion's validation scores so that about {@code share} of parts fall in it (half below the
     * threshold, half above), and kept as offsets from the threshold so it fits a later champion too.
     */
    record ReviewBand(double below, double above) {
        static ReviewBand of(double threshold, double[] validationScores, double share) {
            double[] sorted = validationScores.clone();
            java.util.Arrays.sort(sorted);
            int at = java.util.Arrays.binarySearch(sorted, threshold);
            int pos = at >= 0 ? at : -at - 1;
            int half = Math.max(1, (int) Math.round(sorted.length * share / 2));
            double low = sorted[Math.max(0, pos - half)];
            double high = sorted[Math.min(sorted.length - 1, pos + half - 1)];
            return new ReviewBand(Math.max(0, threshold - low), Math.max(0, high - threshold));
        }

        DecisionPolicy around(double threshold) {
            return new DecisionPolicy(threshold, Optional.of(new ModelDescriptor.ReviewBand(
                    Math.max(0, threshold - below), Math.min(1, threshold + above))), Optional.empty());
        }
    }
}
