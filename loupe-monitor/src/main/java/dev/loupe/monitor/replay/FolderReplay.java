package dev.loupe.monitor.replay;

import dev.loupe.core.decision.Decision;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.monitor.log.PredictionRecorder;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Logs a folder of images as if a line had sent them to the server: one prediction per image, in stream
 * order, {@code interval} apart from {@code start}, through a {@link PredictionRecorder} (so replay
 * exercises the same path as serving). Scores come from a table (e.g. a batch-scoring CSV); an image
 * without a score is logged with score 0, label {@code unscored}: its statistics are still monitored.
 */
public final class FolderReplay {
    private FolderReplay() {
    }

    /**
     * @param scores    score per image name (path relative to the folder); may be empty
     * @param threshold score at or above it is {@code positive}, logged as {@code REJECT}
     * @return how many predictions were offered
     */
    public static int log(List<FolderImage> images, String model, String version, Instant start, Duration interval,
                          Map<String, Double> scores, String positive, double threshold, PredictionRecorder recorder)
            throws IOException {
        int n = 0;
        for (FolderImage img : images) {
            Double score = scores.get(img.name());
            boolean pos = score != null && score >= threshold;
            LoggedPrediction p = new LoggedPrediction(start.plus(interval.multipliedBy(n)), model, version, "replay",
                    "replay-" + start.toEpochMilli() + "-" + n, img.stats(), score == null ? 0 : score,
                    score == null ? "unscored" : pos ? positive : "not-" + positive, pos ? Decision.REJECT : Decision.PASS,
                    0, Optional.empty());
            if (!recorder.offer(p, Files.readAllBytes(img.path()))) {
                throw new IOException("the prediction recorder dropped " + img.name() + ": buffer full");
            }
            n++;
        }
        return n;
    }
}
