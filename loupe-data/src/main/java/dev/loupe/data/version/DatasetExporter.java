package dev.loupe.data.version;

import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.dataset.Sample;
import dev.loupe.core.dataset.Split;
import dev.loupe.data.imports.Csv;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes a version for an external trainer: the ImageFolder layout ({@code <label>/<file>}) plus a
 * {@code manifest.csv} with columns {@code file, label, split, source_path}, the annotator columns and
 * every metadata column (sorted). Readable, labelled samples only; the others are counted as skipped.
 * The file under the label folder keeps the sample's path, minus a leading {@code <label>/} when present.
 * {@link #write} is the layout alone, for any samples: {@code loupe data export} and the external trainer's
 * export (which passes only samples with a project label) both write through it.
 */
public final class DatasetExporter {

    /** What an export wrote. */
    public record Result(int written, int skippedUnreadable, int skippedUnlabelled, Path manifest) {
    }

    private final DatasetCatalog catalog;

    public DatasetExporter(DatasetCatalog catalog) {
        this.catalog = catalog;
    }

    /** Where a sample's bytes come from. */
    @FunctionalInterface
    public interface Source {
        InputStream open(Sample sample) throws IOException;
    }

    /** Exports the version's samples (of one split, when given) into the directory, creating it. */
    public Result export(DatasetVersion version, Optional<Split> split, Path out) throws IOException {
        List<Sample> samples = catalog.samples(version).stream()
                .filter(s -> split.isEmpty() || s.split() == split.get()).toList();
        return write(samples, catalog::open, out);
    }

    /**
     * Writes {@code samples} in the export layout into {@code out}, creating it; unreadable and unlabelled ones
     * are counted as skipped.
     */
    public static Result write(List<Sample> samples, Source source, Path out) throws IOException {
        Set<String> annotators = new TreeSet<>();
        Set<String> metaKeys = new TreeSet<>();
        samples.forEach(s -> {
            annotators.addAll(s.annotations().keySet());
            metaKeys.addAll(s.metadata().keySet());
        });
        metaKeys.removeAll(List.of("file", "label", "split", "source_path"));
        Files.createDirectories(out);
        Path manifest = out.resolve("manifest.csv");
        int written = 0, unreadable = 0, unlabelled = 0;
        Set<String> used = new HashSet<>();
        try (Writer w = Files.newBufferedWriter(manifest, StandardCharsets.UTF_8)) {
            List<String> header = new ArrayList<>(List.of("file", "label", "split", "source_path"));
            header.addAll(annotators);
            header.addAll(metaKeys);
            w.write(Csv.line(header) + "\n");
            for (Sample s : samples) {
                if (!s.readable()) {
                    unreadable++;
                    continue;
                }
                if (s.label().isEmpty()) {
                    unlabelled++;
                    continue;
                }
                String file = target(s, used);
                Path dest = out.resolve(file);
                Files.createDirectories(dest.getParent());
                try (InputStream in = source.open(s)) {
                    Files.copy(in, dest, StandardCopyOption.REPLACE_EXISTING);
                }
                List<String> row = new ArrayList<>(List.of(file, s.label().get(), s.split().lower(), s.path()));
                annotators.forEach(a -> row.add(s.annotations().getOrDefault(a, "")));
                metaKeys.forEach(k -> row.add(s.metadata().getOrDefault(k, "")));
                w.write(Csv.line(row) + "\n");
                written++;
            }
        }
        return new Result(written, unreadable, unlabelled, manifest);
    }

    private static String target(Sample s, Set<String> used) {
        String label = safe(s.label().orElseThrow());
        String rest = s.path().startsWith(s.label().get() + "/") ? s.path().substring(s.label().get().length() + 1) : s.path();
        rest = rest.replace("..", "__"); // a manifest may name ../x.png: never write outside the output directory
        String file = label + "/" + rest;
        // another sample's file already (ok/a.png and a.png, both labelled ok): the whole path, flattened, then numbered
        String flat = s.path().replace("..", "__").replace('/', '_').replace('\\', '_');
        for (int n = 2; !used.add(file); n++) {
            file = label + "/" + (n == 2 ? "" : n + "_") + flat;
        }
        return file;
    }

    /** A label as a folder name: path separators and leading dots replaced. */
    private static String safe(String label) {
        String s = label.replace('/', '_').replace('\\', '_');
        return s.startsWith(".") ? "_" + s.substring(1) : s;
    }
}
