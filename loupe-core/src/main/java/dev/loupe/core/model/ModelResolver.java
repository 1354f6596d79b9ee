package dev.loupe.core.model;

import dev.loupe.core.registry.ModelRef;
import dev.loupe.core.registry.ModelRegistry;
import dev.loupe.core.registry.ModelVersion;
import dev.loupe.core.store.BlobId;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.NoSuchBlobException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the model package a user or a server names, whatever the form: a package directory or zip,
 * {@code sha256:<id>} of a package in the blob store, or a registry reference ({@code NAME@ALIAS},
 * {@code NAME/VERSION}) whose version's source is {@code blob:sha256:<id>} or a path.
 * Evaluation, serving, the pipeline and the edge agent all resolve models through this class.
 */
public final class ModelResolver {
    private final Optional<ModelRegistry> registry;
    private final BlobStore blobs;

    public ModelResolver(Optional<ModelRegistry> registry, BlobStore blobs) {
        this.registry = registry;
        this.blobs = blobs;
    }

    /**
     * A resolved package and, when it came from the registry, the version it is: for {@code sha256:<id>}, a
     * registered version whose source is that blob (when several are, the first by name, newest version).
     */
    public record Resolved(ModelPackage pkg, Optional<ModelVersion> version) {
    }

    /**
     * @throws ModelPackageException when nothing matches, with a message saying what was looked for
     */
    public Resolved resolve(String ref) throws IOException {
        Path path = Path.of(ref);
        if (Files.exists(path)) {
            return new Resolved(ModelPackage.read(path), Optional.empty());
        }
        return resolveStored(ref);
    }

    /** A blob id or a registry reference; never the file system (except a registered version's own source). */
    private Resolved resolveStored(String ref) throws IOException {
        Optional<BlobId> blob = blobId(ref);
        if (blob.isPresent()) {
            Optional<ModelVersion> registered = registry.flatMap(r -> r.searchVersions("source = '" + source(blob.get()) + "'")
                    .stream().findFirst());
            return new Resolved(load(blob.get(), ref), registered);
        }
        ModelRef parsed = ModelRef.parse(ref);
        if (parsed instanceof ModelRef.ByPath) {
            throw new ModelPackageException("no model package at '" + ref
                    + "' (give NAME@ALIAS, NAME/VERSION, a package directory or .zip, or sha256:<id>)");
        }
        ModelRegistry r = registry.orElseThrow(() -> new ModelPackageException(
                "'" + ref + "' is a registry reference, but no registry is available here"));
        ModelVersion v;
        try {
            v = r.resolve(parsed);
        } catch (RuntimeException e) {
            throw new ModelPackageException("no registered model " + ref + ": " + e.getMessage());
        }
        return new Resolved(fromSource(v.source(), ref), Optional.of(v));
    }

    /**
     * Like {@link #resolve}, for references that arrive over the network (an API call, a console form):
     * only registry references and {@code sha256:<id>} are taken, never a path, so a caller cannot make
     * the server read a file of its choosing.
     *
     * @throws ModelPackageException for a path, or when nothing matches
     */
    public Resolved resolveReference(String ref) throws IOException {
        if (blobId(ref).isEmpty() && ModelRef.parse(ref) instanceof ModelRef.ByPath) {
            throw new ModelPackageException("'" + ref + "' is not a model reference (give NAME@ALIAS, NAME/VERSION or"
                    + " sha256:<id>; paths are not accepted here)");
        }
        return resolveStored(ref);
    }

    /** The package a registered version's source names. */
    public ModelPackage fromSource(String source, String ref) throws IOException {
        Optional<BlobId> blob = blobId(source);
        if (blob.isPresent()) {
            return load(blob.get(), ref);
        }
        Path path = Path.of(source.startsWith("file:") ? source.substring(5) : source);
        if (Files.exists(path)) {
            return ModelPackage.read(path);
        }
        throw new ModelPackageException(ref + " points at " + source + ", which is neither a stored package nor a file");
    }

    /** The registry source string for a package stored as a blob. */
    public static String source(BlobId id) {
        return "blob:sha256:" + id.sha256();
    }

    private ModelPackage load(BlobId id, String ref) throws IOException {
        try {
            return ModelPackage.load(blobs, id);
        } catch (NoSuchBlobException e) {
            throw new ModelPackageException("no model package " + id + " in " + blobs.location() + " (from " + ref + ")");
        }
    }

    /**
     * Whether {@code ref} names a stored model ({@code NAME@ALIAS}, {@code NAME/VERSION}, {@code sha256:<id>})
     * rather than a path: what {@link #resolveReference} takes.
     */
    public static boolean isReference(String ref) {
        return blobId(ref).isPresent() || !(ModelRef.parse(ref) instanceof ModelRef.ByPath);
    }

    /** The blob {@code s} names ({@code sha256:<id>}, {@code blob:sha256:<id>} or the bare id); empty for anything else. */
    public static Optional<BlobId> blobId(String s) {
        String hex = s.startsWith("blob:") ? s.substring(5) : s;
        hex = hex.startsWith("sha256:") ? hex.substring(7) : hex;
        return hex.matches("[0-9a-f]{64}") ? Optional.of(BlobId.of(hex)) : Optional.empty();
    }
}
