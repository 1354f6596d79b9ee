package dev.loupe.cli.monitor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scores file: CSV with a header naming {@code file} and {@code score} columns, and optionally
 * {@code label} (the true label). Files are paths relative to the image folder.
 */
record ScoresCsv(Map<String, Double> scores, Map<String, String> labels) {

    static ScoresCsv empty() {
        return new ScoresCsv(Map.of(), Map.of());
    }

    static ScoresCsv read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(csv + " is empty; expected a header with file,score[,label]");
        }
        List<String> header = List.of(lines.getFirst().strip().split(",", -1));
        int file = header.indexOf("file"), score = header.indexOf("score"), label = header.indexOf("label");
        if (file < 0 || score < 0) {
            throw new IllegalArgumentException(csv + ": the header needs 'file' and 'score' columns, got " + header);
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] c = lines.get(i).strip().split(",", -1);
            if (c.length <= Math.max(file, score)) {
                continue;
            }
            try {
                scores.put(c[file], Double.parseDouble(c[score]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(csv + " line " + (i + 1) + ": score '" + c[score] + "' is not a number");
            }
            if (label >= 0 && c.length > label && !c[label].isBlank()) {
                labels.put(c[file], c[label]);
            }
        }
        return new ScoresCsv(scores, labels);
    }
}
