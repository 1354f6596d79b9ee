package dev.loupe.data.imports;

import dev.loupe.core.dataset.Split;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * One image file a layout found, before it is read.
 *
 * @param path        the sample's path in the version, relative to the imported root, with {@code /} separators
 * @param file        where to read it
 * @param label       its label, if the layout gives one
 * @param annotations per-annotator labels (manifest columns {@code annotator_*})
 * @param metadata    other facts about it (manifest columns, MVTec defect type)
 * @param split       a split the source fixes (a manifest's {@code split} column); otherwise assigned
 */
public record SourceFile(String path, Path file, Optional<String> label, Map<String, String> annotations,
                         Map<String, String> metadata, Optional<Split> split) {

    public SourceFile {
        annotations = Map.copyOf(annotations);
        metadata = Map.copyOf(metadata);
    }

    static SourceFile labelled(String path, Path file, String label, Map<String, String> metadata) {
        return new SourceFile(path, file, Optional.of(label), Map.of(), metadata, Optional.empty());
    }
}
