package dev.loupe.cli.model;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.UserException;
import dev.loupe.core.config.LoupeConfig;
import dev.loupe.core.model.ModelPackageException;
import dev.loupe.core.model.ModelResolver;

import java.io.IOException;

/**
 * A {@code --model} value that names a model in this home's registry or blob store ({@code NAME@ALIAS},
 * {@code NAME/VERSION}, {@code sha256:<id>}) rather than a file, for the commands that otherwise serve files
 * and need no home at all (an edge box): the stores are opened only for such a value, and closed once the
 * package is read.
 */
public final class StoredModel {
    private StoredModel() {
    }

    /** Whether {@code value} is such a reference (a path that does not exist is not one). */
    public static boolean isReference(String value) {
        return ModelResolver.isReference(value);
    }

    /**
     * @throws UserException (failed) naming what was looked for, when the registry or store has no such model
     */
    public static ModelResolver.Resolved resolve(String ref, LoupeConfig config) {
        try (ModelStores stores = ModelStores.open(config)) {
            return new ModelResolver(java.util.Optional.of(stores.metadata().registry()), stores.blobs()).resolveReference(ref);
        } catch (ModelPackageException e) {
            throw new UserException(ExitCodes.FAILED, e.getMessage());
        } catch (IOException e) {
            throw new UserException(ExitCodes.FAILED, "cannot read model " + ref + ": " + e.getMessage());
        }
    }
}
