package dev.loupe.train.eval;

import dev.loupe.core.image.ImageDecodeException;
import dev.loupe.core.image.Images;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.Sha256;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Writes the worst examples of each slice as PNG files a person can open:
 * {@code <dir>/<slice>/<score>_<file>.png}, where slice is {@code all} or {@code column=value} made
 * file-safe. The worst are the wrongly decided images with the largest error (missed defects with the
 * lowest scores, rejected good parts with the highest), at most {@code perSlice} per slice.
 */
public final class WorstExamples {

    private WorstExamples() {
    }

    /** The wrongly decided members, worst first, at most {@code limit}. */
    public static List<ScoredSample> worst(List<ScoredSample> members, double threshold, int limit) {
        return members.stream().filter(s -> s.wrongAt(threshold))
                .sorted(Comparator.comparingDouble(ScoredSample::error).reversed()
                        .thenComparing(s -> s.sample().path()))
                .limit(limit).toList();
    }

    /**
     * Writes the files; returns them. Only slices that lose (loss > 0) and {@code all} get a folder. The PNG files an
     * earlier evaluation wrote under {@code dir} are deleted first (and their slice folders, when that empties them),
     * so the folder shows this evaluation's worst examples only; other files are left alone.
     */
    public static List<Path> write(Path dir, Evaluation e, BlobStore blobs, int perSlice) throws IOException {
        clear(dir);
        double threshold = e.overall().threshold();
        List<Path> written = new ArrayList<>();
        written.addAll(writeSlice(dir.resolve("all"), worst(e.scored(), threshold, perSlice), blobs));
        for (SliceResult s : e.slices()) {
            if (s.loss() > 0) {
                written.addAll(writeSlice(dir.resolve(folder(s.name())), worst(s.members(), threshold, perSlice), blobs));
            }
        }
        return written;
    }

    private static void clear(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> slices;
        try (var entries = Files.list(dir)) {
            slices = entries.filter(Files::isDirectory).toList();
        }
        for (Path slice : slices) {
            try (var files = Files.list(slice)) {
                for (Path f : files.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".png")).toList()) {
                    Files.delete(f);
                }
            }
            try (var rest = Files.list(slice)) {
                if (rest.findAny().isEmpty()) {
                    Files.delete(slice);
                }
            }
        }
    }

    private static List<Path> writeSlice(Path dir, List<ScoredSample> worst, BlobStore blobs) throws IOException {
        List<Path> out = new ArrayList<>();
        for (ScoredSample s : worst) {
            Files.createDirectories(dir);
            String base = Path.of(s.sample().path()).getFileName().toString().replaceFirst("\\.[A-Za-z0-9]+$", "");
            Path file = dir.resolve(String.format(Locale.ROOT, "%.4f_%s.png", s.score(), safe(base)));
            for (int n = 2; out.contains(file); n++) { // same score and file name from two folders
                file = dir.resolve(String.format(Locale.ROOT, "%.4f_%s_%d.png", s.score(), safe(base), n));
            }
            try {
                ImageIO.write(Images.decode(blobs.read(s.sample().blob())), "png", file.toFile());
            } catch (ImageDecodeException ex) {
                throw new IOException(s.sample().path() + " no longer decodes: " + ex.getMessage(), ex);
            }
            out.add(file);
        }
        return out;
    }

    /**
     * A slice's folder: its name made {@link #safe}, an annotator's slice ({@code annotator:annotator_1=ok}) by the
     * annotator's column alone ({@code annotator_1=ok}; no metadata column has that name, the importer takes
     * {@code annotator_*} columns as annotators).
     */
    static String folder(String sliceName) {
        String prefix = SliceAnalysis.ANNOTATOR_COLUMN_PREFIX;
        return safe(sliceName.startsWith(prefix) ? sliceName.substring(prefix.length()) : sliceName);
    }

    /**
     * {@code name} as a file name: kept when it is short ASCII letters, digits, '.', '_', '=' or '-'; otherwise
     * those characters of it (others as '_', cut to 100) and a short hash of the whole name, so two names that
     * differ only in what was replaced or cut ({@code station=ä/x}, {@code station=ö/x}) stay apart.
     */
    static String safe(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._=-]+", "_");
        if (s.equals(name) && s.length() <= 100 && !s.startsWith(".")) {
            return s;
        }
        String hash = Sha256.of(name.getBytes(StandardCharsets.UTF_8)).sha256().substring(0, 10);
        return (s.length() > 100 ? s.substring(0, 100) : s) + "~" + hash;
    }
}
