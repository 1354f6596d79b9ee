package dev.loupe.train.external;

import dev.loupe.train.TrainingData;

import java.io.IOException;
import java.nio.file.Path;

/** Writes a dataset version into a folder an external program can read. */
@FunctionalInterface
public interface Exporter {
    /** Exports the labelled, readable samples into {@code dir} (created if absent). */
    void export(TrainingData data, Path dir) throws IOException;
}
