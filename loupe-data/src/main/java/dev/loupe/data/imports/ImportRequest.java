package dev.loupe.data.imports;

import dev.loupe.core.dataset.DatasetRef;
import dev.loupe.data.version.SplitRatios;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What to import.
 *
 * @param source the directory or manifest file
 * @param name   the dataset name ({@code [A-Za-z0-9][A-Za-z0-9._-]*})
 * @param format the layout; detected when empty
 * @param ratios split shares for samples the source does not assign
 * @param parent the version this one derives from, if any
 */
public record ImportRequest(Path source, String name, Optional<ImportFormat> format, SplitRatios ratios,
                            Optional<DatasetRef> parent) {
    public ImportRequest {
        Objects.requireNonNull(source, "source");
        DatasetRef.parse(name); // validates the name
    }

    public static ImportRequest of(Path source, String name) {
        return new ImportRequest(source, name, Optional.empty(), SplitRatios.DEFAULT, Optional.empty());
    }
}
