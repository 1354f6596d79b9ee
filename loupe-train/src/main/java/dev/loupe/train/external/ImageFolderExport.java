package dev.loupe.train.external;

import dev.loupe.core.dataset.Sample;
import dev.loupe.train.TrainingData;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ImageFolder layout ({@code <label>/<file>}) plus {@code manifest.csv} with columns
 * {@code file, label, split, source_path}, one per annotator, then every metadata column (sorted).
 * Labelled, readable samples only; file names keep the sample's path minus a leading {@code <label>/}.
 */
public final class ImageFolderExport implements Exporter {

    @Override
    public void export(TrainingData data, Path dir) throws IOException {
        List<Sample> samples = data.samples().stream()
                .filter(s -> s.readable() && s.label().filter(data.labels()::contains).isPresent()).toList();
        Set<String> annotators = new TreeSet<>();
        Set<String> meta = new TreeSet<>();
        samples.forEach(s -> {
            annotators.addAll(s.annotations().keySet());
            meta.addAll(s.metadata().keySet());
        });
        meta.removeAll(List.of("file", "label", "split", "source_path"));
        Files.createDirectories(dir);
        Set<String> used = new HashSet<>();
        try (Writer w = Files.newBufferedWriter(dir.resolve("manifest.csv"), StandardCharsets.UTF_8)) {
            List<String> header = new ArrayList<>(List.of("file", "label", "split", "source_path"));
            header.addAll(annotators);
            header.addAll(meta);
            w.write(csv(header));
            for (Sample s : samples) {
                String label = s.label().orElseThrow();
                String rest = s.path().startsWith(label + "/") ? s.path().substring(label.length() + 1) : s.path();
                String file = label + "/" + rest.replace("..", "__");
                if (!used.add(file)) {
                    file = label + "/" + s.path().replace("..", "__").replace('/', '_');
                    used.add(file);
                }
                Path dest = dir.resolve(file);
                Files.createDirectories(dest.getParent());
                Files.write(dest, data.blobs().read(s.blob()));
                List<String> row = new ArrayList<>(List.of(file, label, s.split().lower(), s.path()));
                annotators.forEach(a -> row.add(s.annotations().getOrDefault(a, "")));
                meta.forEach(k -> row.add(s.metadata().getOrDefault(k, "")));
                w.write(csv(row));
            }
        }
    }

    /** One RFC 4180 line: fields with commas, quotes or line breaks are quoted, quotes doubled. */
    static String csv(List<String> fields) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            String f = fields.get(i);
            if (i > 0) sb.append(',');
            if (f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")) {
                sb.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(f);
            }
        }
        return sb.append('\n').toString();
    }
}
