package dev.loupe.cli.monitor;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.UserException;
import dev.loupe.core.image.ImageDecodeException;
import dev.loupe.core.inference.InferenceException;
import dev.loupe.core.model.ImageClassifier;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.monitoring.DriftAlarm;
import dev.loupe.monitor.log.PredictionRecorder;
import dev.loupe.monitor.log.RecorderConfig;
import dev.loupe.monitor.log.RecorderCounters;
import dev.loupe.monitor.reference.Reference;
import dev.loupe.monitor.replay.FolderImage;
import dev.loupe.monitor.replay.FolderReplay;
import dev.loupe.monitor.replay.ImageFolder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
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
        Duration step = Since.duration(interval);
        List<FolderImage> images = ImageFolder.read(input);
        if (images.isEmpty()) {
            throw new UserException(ExitCodes.FAILED, input + " has no readable images");
        }
        Instant now = Instant.now();
        Instant first = start != null ? Since.parse(start, now) : now.minus(step.multipliedBy(images.size()));
        PrintWriter out = spec.commandLine().getOut();
        try (MonitorSession s = new MonitorSession(global.config())) {
            if (reference != null) {
                Reference built = decision.build(ref.name(), version, reference, first.minusSeconds(1),
                        s.registered(ref.name(), version).map(ModelPackage::descriptor));
                s.references().save(built);
                out.printf("reference: %d images from %s%n", built.size(), reference);
            }
            Reference r = s.reference(ref.name(), ref.version());
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
     * The score of each image: from {@code --scores}, else the registered version's own on it (as the server would
     * have answered). Without either an image is logged with score 0, which the score detectors read as a drop.
     */
    private Map<String, Double> scores(MonitorSession s, String name, String version, List<FolderImage> images,
                                       PrintWriter out) throws IOException {
        Map<String, Double> scores = new HashMap<>(decision.scores().scores());
        List<FolderImage> unscored = images.stream().filter(i -> !scores.containsKey(i.name())).toList();
        if (unscored.isEmpty()) {
            return scores;
        }
        Optional<ModelPackage> registered = s.registered(name, version);
        if (registered.isEmpty()) {
            out.printf("%d images have no score (--scores) and %s version %s is not in the registry to score them:"
                    + " logged with score 0%n", unscored.size(), name, version);
            return scores;
        }
        try (ImageClassifier model = ImageClassifier.load(registered.get(), Runtime.getRuntime().availableProcessors())) {
            for (FolderImage img : unscored) {
                try {
                    scores.put(img.name(), model.classify(Files.readAllBytes(img.path())).score());
                } catch (ImageDecodeException e) {
                    throw new UserException(ExitCodes.FAILED, "cannot score " + img.path() + ": " + e.getMessage());
                }
            }
        } catch (InferenceException e) {
            throw new UserException(ExitCodes.FAILED, "cannot score the images with " + name + " version " + version
                    + ": " + e.getMessage());
        }
        out.printf("scored %d images with %s version %s%n", unscored.size(), name, version);
        return scores;
    }
}
