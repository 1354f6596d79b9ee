package dev.loupe.batch;

import dev.loupe.core.image.Images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Every image file under a folder (recursively; by extension, those {@link Images#EXTENSIONS} names
 * (png, jpg, jpeg, bmp, tif, tiff) and gif), identified by its path relative to the folder with {@code /}
 * separators, in path order. GIFs are listed though Loupe does not read them, so that each is reported
 * ("unsupported image") rather than silently left out. Reads stay inside the folder: an item id that would
 * leave it is refused.
 */
public final class FolderSource implements ImageSource {
    private final Path root;

    public FolderSource(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public List<String> items() throws IOException {
        if (!Files.isDirectory(root)) {
            throw new java.nio.file.NoSuchFileException(root + " (not a folder)");
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(FolderSource::isImage)
                    .map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }

    @Override
    public byte[] read(String item) throws IOException {
        Path p = root.resolve(item).normalize();
        if (!p.startsWith(root)) {
            throw new IOException("item " + item + " is outside " + root);
        }
        return Files.readAllBytes(p);
    }

    @Override
    public String describe() {
        return root.toString();
    }

    public Path root() {
        return root;
    }

    static boolean isImage(Path p) {
        String n = p.getFileName().toString();
        return Images.hasImageExtension(n) || n.length() > 4 && n.toLowerCase(Locale.ROOT).endsWith(".gif");
    }
}
