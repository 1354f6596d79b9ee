package dev.loupe.cli.monitor;

import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.monitor.reference.Reference;
import dev.loupe.monitor.replay.FolderImage;
import dev.loupe.monitor.replay.ImageFolder;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
     * A reference from a folder's images, with the scores (and labels) of those that have them. The threshold and
     * positive label not given as options are the registered version's ({@code registered}), as the server decides
     * and as the pipeline's references hold them, else 0.5 and {@code defect}.
     */
    Reference build(String model, String version, Path folder, Instant now, Optional<ModelDescriptor> registered)
            throws IOException {
        double threshold = this.threshold != null ? this.threshold : registered.map(ModelDescriptor::threshold).orElse(0.5);
        String positive = this.positive != null ? this.positive : registered.map(ModelDescriptor::positive).orElse("defect");
        List<FolderImage> images = ImageFolder.read(folder);
        if (images.size() < 20) {
            throw new IllegalArgumentException(folder + " has " + images.size() + " readable images; a reference needs at least 20");
        }
        ScoresCsv table = scores();
        List<Double> s = new ArrayList<>();
        List<Boolean> pos = new ArrayList<>();
        for (FolderImage img : images) {
            Double v = table.scores().get(img.name());
            if (v != null) {
                s.add(v);
                String label = table.labels().get(img.name());
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
