package dev.loupe.data.imports;

import dev.loupe.core.image.Images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** How a source lays out images and labels on disk. One implementation per supported layout. */
sealed interface Layout permits ImageFolderLayout, MvtecLayout, ManifestLayout {

    /** Lists the images under the root (a directory, or a manifest file) with their labels and metadata. */
    Scan scan(Path root) throws IOException;

    /** What a skipped file's reason says: the image file names {@link #isImageName} accepts. */
    String IMAGE_NAMES = "not an image file name (.png, .jpg, .jpeg, .bmp, .tif, .tiff)";

    /**
     * Image file names Loupe imports: PNG, JPEG, BMP, TIFF by extension ({@link Images#EXTENSIONS}; the content
     * is checked when decoding).
     */
    static boolean isImageName(Path p) {
        return Images.hasImageExtension(p.getFileName().toString());
    }

    static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }

    /** Regular, non-hidden files under a directory, recursively, in path order. */
    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> out = new ArrayList<>();
            s.filter(Files::isRegularFile).filter(p -> !hiddenAnywhere(dir, p)).sorted().forEach(out::add);
            return out;
        }
    }

    private static boolean hiddenAnywhere(Path root, Path p) {
        for (Path part : root.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** A path relative to the root, with {@code /} separators on every OS. */
    static String relative(Path root, Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }
}
