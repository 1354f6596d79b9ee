package dev.loupe.cli.model;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.UserException;
import dev.loupe.core.config.LoupeConfig;
import dev.loupe.core.dataset.DatasetRef;
import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.model.ModelPackageException;
import dev.loupe.core.project.Project;
import dev.loupe.core.project.ProjectFile;
import dev.loupe.core.store.BlobId;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.core.store.NoSuchBlobException;
import dev.loupe.store.BlobStores;
import dev.loupe.store.jdbc.MetadataStores;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the train and eval commands work on: the stores (opened from the configuration, closed together)
 * and the lookups of a dataset version, a model and the project file, each failing with one line.
 */
record ModelStores(MetadataStore metadata, BlobStore blobs) implements AutoCloseable {

    static ModelStores open(LoupeConfig config) {
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

    /**
     * A model: a package directory or zip, or {@code sha256:<id>} of a package in the blob store.
     * Registry references ({@code NAME@ALIAS}, {@code NAME/VERSION}) resolve once the registry is wired.
     */
    ModelPackage model(String ref) throws IOException {
        Path path = Path.of(ref);
        if (Files.exists(path)) {
            return ModelPackage.read(path);
        }
        String hex = ref.startsWith("sha256:") ? ref.substring(7) : ref;
        if (hex.matches("[0-9a-f]{64}")) {
            try {
                return ModelPackage.load(blobs, BlobId.of(hex));
            } catch (NoSuchBlobException e) {
                throw new UserException(ExitCodes.FAILED, "no model package sha256:" + hex + " in " + blobs.location());
            } catch (ModelPackageException e) {
                throw new UserException(ExitCodes.FAILED, "blob sha256:" + hex + " is not a model package: " + e.getMessage());
            }
        }
        // INTEGRATION: resolve NAME@ALIAS and NAME/VERSION through dev.loupe.core.registry.ModelRegistry here
        throw new UserException(ExitCodes.USAGE, "no model package at '" + ref + "' (give a package directory or .zip, or sha256:<id>)");
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
