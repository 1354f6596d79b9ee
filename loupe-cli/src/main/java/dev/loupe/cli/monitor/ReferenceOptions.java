package dev.loupe.cli.monitor;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.UserException;
import dev.loupe.core.image.ImageDecodeException;
import dev.loupe.core.inference.InferenceException;
import dev.loupe.core.model.ImageClassifier;
import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.monitor.reference.Reference;
import dev.loupe.monitor.replay.FolderImage;
import dev.loupe.monitor.replay.ImageFolder;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Options that describe a model's decision: shared by the reference and replay commands. */
final class ReferenceOptions {

    @Option(names = "--scores", paramLabel = "CSV", description = "the model's scores per image: CSV with file,score[,label] (paths relative to the folder)")
    Path scores;

    @Option(names = "--threshold", paramLabel = "T", description = "score at or above it predicts the positive label"
            + " (default: the registered version's threshold, else 0.5)")
    Double threshold;

    @Option(names = "--positive", paramLabel = "LABEL", description = "the label the score is the probability of"
            + " (default: the registered version's positive label, else defect)")
    String positive;

    ScoresCsv scores() throws IOException {
        return scores == null ? ScoresCsv.empty() : ScoresCsv.read(scores);
    }

    /**
     * The images of the folder given as {@code option}, in stream order; prints a line naming the files that did
     * not decode, if any. A folder that does not exist is a usage error (exit 2), as is one without a readable
     * image: what the command line named cannot be used.
     */
    static List<FolderImage> images(String option, Path folder, PrintWriter out) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new UserException(ExitCodes.USAGE, option + " " + folder + (Files.exists(folder)
                    ? " is not a directory" : ": no such directory"));
        }
        ImageFolder.Contents contents = ImageFolder.scan(folder);
        contents.skippedLine().ifPresent(line -> out.println(folder + ": " + line));
        if (contents.images().isEmpty()) {
            throw new UserException(ExitCodes.USAGE, option + " " + folder + " has no readable images");
        }
        return contents.images();
    }

    /**
     * The score of each image: from {@code --scores}, else the registered version's own on it (as the server would
     * have answered; {@code registered} empty: none). Prints how many images the model scored.
     */
    Map<String, Double> scores(List<FolderImage> images, Optional<ModelPackage> registered, String name, String version,
                               PrintWriter out) throws IOException {
        Map<String, Double> scores = new HashMap<>(scores().scores());
        List<FolderImage> unscored = images.stream().filter(i -> !scores.containsKey(i.name())).toList();
        if (unscored.isEmpty() || registered.isEmpty()) {
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

    /**
     * A reference from a folder's images, with the scores ({@code scores}) of those that have them and the labels
     * {@code --scores} gives. The threshold and positive label not given as options are the registered version's
     * ({@code registered}), as the server decides and as the pipeline's references hold them, else 0.5 and
     * {@code defect}.
     */
    Reference build(String model, String version, Path folder, List<FolderImage> images, Map<String, Double> scores,
                    Instant now, Optional<ModelDescriptor> registered) throws IOException {
        double threshold = this.threshold != null ? this.threshold : registered.map(ModelDescriptor::threshold).orElse(0.5);
        String positive = this.positive != null ? this.positive : registered.map(ModelDescriptor::positive).orElse("defect");
        if (images.size() < 20) {
            throw new IllegalArgumentException(folder + " has " + images.size() + " readable images; a reference needs at least 20");
        }
        Map<String, String> given = scores().labels();
        List<Double> s = new ArrayList<>();
        List<Boolean> pos = new ArrayList<>();
        for (FolderImage img : images) {
            Double v = scores.get(img.name());
            if (v != null) {
                s.add(v);
                String label = given.get(img.name());
                if (label != null) {
                    pos.add(label.equals(positive));
                }
            }
        }
        double[] scoreArray = s.stream().mapToDouble(Double::doubleValue).toArray();
        boolean[] labels = new boolean[pos.size() == s.size() ? pos.size() : 0];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = pos.get(i);
        }
        return Reference.ofStats(model, version, folder.toString(), positive, threshold,
                images.stream().map(FolderImage::stats).toList(), scoreArray, labels, now);
    }
}
