package dev.loupe.train.external;

import dev.loupe.core.dataset.Sample;
import dev.loupe.data.version.DatasetExporter;
import dev.loupe.train.TrainingData;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The layout of {@code loupe data export} ({@link DatasetExporter#write}): ImageFolder ({@code <label>/<file>}) plus
 * {@code manifest.csv} with columns {@code file, label, split, source_path}, one per annotator, then every metadata
 * column (sorted). Only readable samples whose label is one of the project's, the ones the other trainers learn from.
 */
public final class ImageFolderExport implements Exporter {

    @Override
    public void export(TrainingData data, Path dir) throws IOException {
        List<Sample> samples = data.samples().stream()
                .filter(s -> s.readable() && s.label().filter(data.labels()::contains).isPresent()).toList();
        DatasetExporter.write(samples, s -> data.blobs().open(s.blob()), dir);
    }
}
