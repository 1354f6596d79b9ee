package dev.loupe.monitor.replay;

import dev.loupe.core.image.ImageDecodeException;
import dev.loupe.core.image.ImageStats;
import dev.loupe.core.image.Images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A folder of images as a production stream: every PNG/JPEG/BMP/TIFF under it, in stream order. The order is
 * the {@code frame} column of a {@code manifest.csv} at its root when there is one (the synthetic line
 * generator writes it), else path order. Files with an image's extension that do not decode are skipped and
 * listed with the reason ({@link Contents#unreadable()}), for the caller to report.
 */
public final class ImageFolder {
    private ImageFolder() {
    }

    /**
     * A folder's images in stream order, and the files that looked like images but did not decode.
     *
     * @param unreadable path relative to the folder -> why it could not be decoded, in path order
     */
    public record Contents(List<FolderImage> images, Map<String, String> unreadable) {
        public Contents {
            images = List.copyOf(images);
            unreadable = Collections.unmodifiableMap(new LinkedHashMap<>(unreadable));
        }

        /**
         * {@code "skipped 2 unreadable files: a.png (not a PNG), b.png (truncated)"}, naming at most 5; empty when every
         * file decoded.
         */
        public Optional<String> skippedLine() {
            if (unreadable.isEmpty()) {
                return Optional.empty();
            }
            String named = unreadable.entrySet().stream().limit(5).map(e -> e.getKey() + " (" + e.getValue() + ")")
                    .collect(Collectors.joining(", "));
            return Optional.of("skipped " + unreadable.size() + " unreadable file" + (unreadable.size() == 1 ? "" : "s")
                    + ": " + named + (unreadable.size() > 5 ? ", ..." : ""));
        }
    }

    /** The folder's images and their statistics, in stream order; files that do not decode are left out. */
    public static List<FolderImage> read(Path root) throws IOException {
        return scan(root).images();
    }

    /** The folder's images and their statistics, in stream order, and the files that do not decode. */
    public static Contents scan(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException(root + " is not a directory");
        }
        Map<String, Long> frames = frames(root.resolve("manifest.csv"));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).filter(ImageFolder::isImage).toList();
        }
        List<FolderImage> out = new ArrayList<>();
        Map<String, String> unreadable = new TreeMap<>();
        for (Path f : files) {
            String name = root.relativize(f).toString().replace('\\', '/');
            try {
                out.add(new FolderImage(f, name, ImageStats.of(Images.decode(Files.readAllBytes(f)))));
            } catch (ImageDecodeException e) {
                // not an image after all: a stream of images skips it, as the server would refuse it
                unreadable.put(name, e.getMessage() == null ? "cannot be decoded" : e.getMessage());
            }
        }
        Comparator<FolderImage> byName = Comparator.comparing(FolderImage::name);
        out.sort(frames.isEmpty() ? byName
                : Comparator.<FolderImage>comparingLong(i -> frames.getOrDefault(i.name(), Long.MAX_VALUE)).thenComparing(byName));
        return new Contents(out, unreadable);
    }

    private static boolean isImage(Path p) {
        return Images.hasImageExtension(p.getFileName().toString());
    }

    /** file -> frame from a manifest with {@code file} and {@code frame} columns; empty when absent. */
    private static Map<String, Long> frames(Path manifest) throws IOException {
        Map<String, Long> out = new HashMap<>();
        if (!Files.isRegularFile(manifest)) {
            return out;
        }
        List<String> lines = Files.readAllLines(manifest);
        if (lines.isEmpty()) {
            return out;
        }
        List<String> header = List.of(lines.getFirst().split(",", -1));
        int file = header.indexOf("file");
        int frame = header.indexOf("frame");
        if (file < 0 || frame < 0) {
            return out;
        }
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            if (cells.length > Math.max(file, frame)) {
                try {
                    out.put(cells[file], Long.parseLong(cells[frame].strip()));
                } catch (NumberFormatException e) {
                    // a row without a frame number keeps path order
                }
            }
        }
        return out;
    }
}
