package dev.loupe.cli.monitor;

import dev.loupe.cli.DurationOption;
import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.UserException;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.monitoring.DriftAlarm;
import dev.loupe.monitor.log.PredictionRecorder;
import dev.loupe.monitor.log.RecorderConfig;
import dev.loupe.monitor.log.RecorderCounters;
import dev.loupe.monitor.reference.Reference;
import dev.loupe.monitor.replay.FolderImage;
import dev.loupe.monitor.replay.FolderReplay;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code loupe monitor replay --model NAME@VERSION --input DIR}: logs a folder of images (e.g. a synthetic
 * line's stream) as predictions through the prediction recorder, then runs the detectors over them,
 * offline. With {@code --reference DIR} it first builds the reference from another folder.
 */
@Command(name = "replay", description = {"Replay a folder of images offline through the model version's drift detectors.",
        "The images go (in manifest frame order, else path order) through the prediction log and the",
        "model version's detectors; prints what drifts. Exits 1 on drift."})
final class MonitorReplayCommand implements Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions global;

    @CommandLine.Mixin
    ReferenceOptions decision;

    @Option(names = "--model", required = true, paramLabel = "NAME@VERSION", description = "the model version the predictions are logged for")
    String model;

    @Option(names = "--input", required = true, paramLabel = "DIR", description = "the images to replay, as a stream")
    Path input;

    @Option(names = "--reference", paramLabel = "DIR", description = "build the reference from these images first (with --scores for both folders)")
    Path reference;

    @Option(names = "--start", paramLabel = "T", description = "time of the first replayed prediction, ISO-8601 or age (default: now minus the stream at --interval)")
    String start;

    @Option(names = "--interval", paramLabel = "D", description = "time between replayed predictions (default: ${DEFAULT-VALUE})")
    String interval = "1s";

    @Option(names = "--budget", paramLabel = "N", description = "predictions per false alarm, per detector (default: ${DEFAULT-VALUE})")
    double budget = 1e6;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        MonitorStatusCommand.ModelRef ref = MonitorStatusCommand.ModelRef.parse(model);
        String version = ref.version().orElseThrow(() -> new UserException(ExitCodes.USAGE, "--model needs NAME@VERSION"));
        Duration step = DurationOption.positive("--interval", interval);
        PrintWriter out = spec.commandLine().getOut();
        List<FolderImage> images = ReferenceOptions.images("--input", input, out);
        Instant now = Instant.now();
        Instant first = start != null ? Since.parse("--start", start, now) : now.minus(step.multipliedBy(images.size()));
        try (MonitorSession s = new MonitorSession(global.config())) {
            if (reference != null) {
                Optional<ModelPackage> registered = s.registered(ref.name(), version);
                List<FolderImage> referenceImages = ReferenceOptions.images("--reference", reference, out);
                Reference built = decision.build(ref.name(), version, reference, referenceImages,
                        decision.scores(referenceImages, registered, ref.name(), version, out), first.minusSeconds(1),
                        registered.map(ModelPackage::descriptor));
                s.references().save(built);
                out.printf("reference: %d images from %s%n", built.size(), reference);
            }
            Reference r = s.reference(ref.name(), ref.version());
            first = afterReference(first, r, out);
            RecorderCounters counters;
            try (PredictionRecorder recorder = new PredictionRecorder(s.store.predictions(), s.images(),
                    RecorderConfig.defaults().withImageSampleRate(1.0))) {
                FolderReplay.log(images, ref.name(), version, first, step, scores(s, ref.name(), version, images, out),
                        r.positive(), r.threshold(), recorder);
                recorder.close();
                counters = recorder.counters();
            }
            out.printf("logged %d predictions from %s (%d images kept)%n", counters.written(), input, counters.imagesKept());
            MonitorSession.Replayed replayed = s.replay(r, first, budget);
            List<DriftAlarm> alarms = s.store.monitoring().alarms(r.model(), first).stream()
                    .filter(a -> a.version().equals(r.version())).toList();
            StatusView.print(out, r, replayed.monitor(), replayed.result(), alarms);
            out.flush();
            return alarms.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    /**
     * When the stream starts. {@code monitor status}, {@code report} and {@code alerts} read a version's log from its
     * reference's creation by default, as a server monitors it: a default stream (ending now) that would begin before
     * a reference built earlier starts at the reference's creation instead (its last predictions then lie ahead of
     * now), so those commands see what the replay saw. A {@code --start} before the reference is kept, with a note.
     */
    private Instant afterReference(Instant first, Reference r, PrintWriter out) {
        Instant created = r.createdAt().truncatedTo(ChronoUnit.MILLIS).plusMillis(1); // the log keeps milliseconds
        if (!first.isBefore(created)) {
            return first;
        }
        if (start != null) {
            out.printf("note: --start %s is before %s version %s's reference (built %s); 'loupe monitor status' reads"
                    + " from the reference's creation unless given --since %s%n", first, r.model(), r.version(),
                    r.createdAt(), first);
            return first;
        }
        out.printf("the stream starts when the reference was built (%s), so that 'loupe monitor status' sees it%n",
                created);
        return created;
    }

    /**
     * The score of each image: from {@code --scores}, else the registered version's own on it. Without either an
     * image is logged with score 0, which the score detectors read as a drop.
     */
    private Map<String, Double> scores(MonitorSession s, String name, String version, List<FolderImage> images,
                                       PrintWriter out) throws IOException {
        Map<String, Double> scores = decision.scores(images, s.registered(name, version), name, version, out);
        long unscored = images.stream().filter(i -> !scores.containsKey(i.name())).count();
        if (unscored > 0) {
            out.printf("%d images have no score (--scores) and %s version %s is not in the registry to score them:"
                    + " logged with score 0%n", unscored, name, version);
        }
        return scores;
    }
}
