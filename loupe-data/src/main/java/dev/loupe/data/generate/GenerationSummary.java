package dev.loupe.data.generate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What a {@link DatasetGenerator} run wrote.
 *
 * @param defectsByType images per defect type, {@link DefectType#NONE} excluded, every other type present
 * @param elapsed       wall time of rendering, encoding and writing
 */
public record GenerationSummary(Path out, int count, Map<DefectType, Integer> defectsByType, Duration elapsed) {

    public GenerationSummary {
        defectsByType = Map.copyOf(defectsByType);
    }

    public int defects() {
        return defectsByType.values().stream().mapToInt(Integer::intValue).sum();
    }

    public double imagesPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds == 0 ? Double.POSITIVE_INFINITY : count / seconds;
    }
}
