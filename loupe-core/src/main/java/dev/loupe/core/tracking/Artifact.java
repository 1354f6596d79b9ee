package dev.loupe.core.tracking;

import dev.loupe.core.store.BlobId;

import java.util.Objects;

/**
 * A file a run produced (a model package, a report), stored in the {@link dev.loupe.core.store.BlobStore}.
 *
 * @param path      its path inside the run, e.g. {@code model/model.onnx}
 * @param blob      the blob holding its bytes
 * @param sizeBytes its size
 */
public record Artifact(String path, BlobId blob, long sizeBytes) {
    public Artifact {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(blob, "blob");
    }
}
