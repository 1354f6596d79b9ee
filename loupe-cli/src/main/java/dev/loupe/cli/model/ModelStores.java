package dev.loupe.cli.model;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.UserException;
import dev.loupe.core.config.LoupeConfig;
import dev.loupe.core.dataset.DatasetRef;
import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.model.ModelPackageException;
import dev.loupe.core.model.ModelResolver;
import dev.loupe.core.project.Project;
import dev.loupe.core.project.ProjectFile;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.store.BlobStores;
import dev.loupe.store.jdbc.MetadataStores;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the train, eval and models export commands work on: the stores (opened from the configuration, closed together)
 * and the lookups of a dataset version, a model and the project file, each failing with one line.
 */
public record ModelStores(MetadataStore metadata, BlobStore blobs) implements AutoCloseable {

    public static ModelStores open(LoupeConfig config) {
        MetadataStore metadata = MetadataStores.open(config);
        try {
            return new ModelStores(metadata, BlobStores.open(config));
        } catch (RuntimeException e) {
            metadata.close();
            throw e;
        }
    }

    DatasetVersion dataset(String ref) {
        return metadata.datasets().resolve(DatasetRef.parse(ref))
                .orElseThrow(() -> new UserException(ExitCodes.FAILED, "no dataset version " + ref + " (see 'loupe data list')"));
    }

    /** A model: NAME@ALIAS, NAME/VERSION, a package directory or zip, or {@code sha256:<id>} in the blob store. */
    public ModelPackage model(String ref) throws IOException {
        try {
            return new ModelResolver(Optional.of(metadata.registry()), blobs).resolve(ref).pkg();
        } catch (ModelPackageException e) {
            throw new UserException(ExitCodes.FAILED, e.getMessage());
        }
    }

    /** The project file, or the template's defaults when the default path has none. */
    static Project project(Path file, boolean explicit) {
        if (Files.exists(file)) {
            return ProjectFile.load(file);
        }
        if (explicit) {
            throw new UserException(ExitCodes.CONFIG, "no project file at " + file);
        }
        return ProjectFile.parse(ProjectFile.template(), "the loupe.yaml template (no " + file + ")");
    }

    @Override
    public void close() {
        try {
            blobs.close();
        } finally {
            metadata.close();
        }
    }
}
