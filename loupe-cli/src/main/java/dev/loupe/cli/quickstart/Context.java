package dev.loupe.cli.quickstart;

import dev.loupe.core.config.LoupeConfig;
import dev.loupe.core.project.Project;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.MetadataStore;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;

/**
 * What every quickstart stage works with: the fresh home's stores, the project file, where to print
 * progress, and the summary being filled in. The quickstart command opens and closes the stores.
 */
record Context(LoupeConfig config, MetadataStore metadata, BlobStore blobs, Project project, Path work, long seed,
               int trainingImages, PrintWriter out, Summary summary, Clock clock) {

    void progress(String stage, String message) {
        out.printf("[%s] %s%n", stage, message);
        out.flush();
    }
}
