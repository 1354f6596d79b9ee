package dev.loupe.core.tracking;

import java.util.Objects;

/**
 * A dataset version a run used, e.g. the training split of {@code phone-covers@4f2a...}. Maps to
 * MLflow's dataset inputs: {@code name}, {@code digest}, {@code source_type}, {@code source}, and the
 * {@code mlflow.data.context} input tag.
 *
 * @param name       the dataset's name ({@code phone-covers})
 * @param digest     the version id
 * @param sourceType where it comes from ({@code loupe} for Loupe dataset versions)
 * @param source     a reference that finds it again ({@code phone-covers@<id>})
 * @param context    how the run used it ({@code train}, {@code eval}...), may be null
 */
public record DatasetInput(String name, String digest, String sourceType, String source, String context) {
    public DatasetInput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(sourceType, "sourceType");
        Objects.requireNonNull(source, "source");
    }

    /** A Loupe dataset version: source {@code name@versionId}. */
    public static DatasetInput loupe(String dataset, String versionId, String context) {
        return new DatasetInput(dataset, versionId, "loupe", dataset + "@" + versionId, context);
    }
}
