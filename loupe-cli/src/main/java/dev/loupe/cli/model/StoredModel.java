package dev.loupe.cli.model;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.UserException;
import dev.loupe.core.config.LoupeConfig;
import dev.loupe.core.model.ModelPackageException;
import dev.loupe.core.model.ModelResolver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A {@code --model} value that names a model in this home's registry or blob store ({@code NAME@ALIAS},
 * {@code NAME/VERSION}, {@code sha256:<id>}) rather than a file, for the commands that otherwise serve files
 * and need no home at all (an edge box): the stores are opened only for such a value, and closed once the
 * package is read.
 */
public final class StoredModel {
    private StoredModel() {
    }

    /**
     * The stored model {@code value} names, when it is not an existing file but a reference; empty for anything else
     * (the caller's own path handling, and its "not found", apply).
     *
     * @throws UserException (failed) naming what was looked for, when the registry or store has no such model
     */
    public static Optional<ModelResolver.Resolved> resolveIfReference(String value, LoupeConfig config) {
        if (Files.exists(Path.of(value)) || !ModelResolver.isReference(value)) {
            return Optional.empty();
        }
        try (ModelStores stores = ModelStores.open(config)) {
            return Optional.of(new ModelResolver(Optional.of(stores.metadata().registry()), stores.blobs()).resolveReference(value));
        } catch (ModelPackageException e) {
            throw new UserException(ExitCodes.FAILED, e.getMessage());
        } catch (IOException e) {
            throw new UserException(ExitCodes.FAILED, "cannot read model " + value + ": " + e.getMessage());
        }
    }
}
