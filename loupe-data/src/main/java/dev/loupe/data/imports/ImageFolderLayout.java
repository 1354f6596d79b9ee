package dev.loupe.data.imports;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ImageFolder layout (torchvision's): {@code <class>/<...>/<image>}; the first directory is the label.
 * Images directly under the root are imported unlabelled.
 */
final class ImageFolderLayout implements Layout {

    @Override
    public Scan scan(Path root) throws IOException {
        List<SourceFile> files = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path p : Layout.files(root)) {
            String rel = Layout.relative(root, p);
            if (!Layout.isImageName(p)) {
                skipped.add(rel + ": " + Layout.IMAGE_NAMES);
                continue;
            }
            int slash = rel.indexOf('/');
            Optional<String> label = slash < 0 ? Optional.empty() : Optional.of(rel.substring(0, slash));
            files.add(new SourceFile(rel, p, label, Map.of(), Map.of(), Optional.empty()));
        }
        return new Scan(files, skipped);
    }
}
