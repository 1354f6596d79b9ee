package dev.loupe.core.search;

import java.util.Locale;

/**
 * A field a search filter or ordering names, as in MLflow's search syntax: {@code metrics.auc},
 * {@code params.lr}, {@code tags."mlflow.user"}, {@code attributes.status}, {@code datasets.digest}.
 * A bare name ({@code name}, {@code run_id}) is an attribute.
 *
 * @param entity which group the key belongs to
 * @param key    the key inside the group, unquoted
 */
public record Field(Entity entity, String key) {

    /** The groups of fields; parsing accepts MLflow's singular, plural and short spellings. */
    public enum Entity {
        METRIC, PARAM, TAG, ATTRIBUTE, DATASET;

        static Entity parse(String word) {
            return switch (word.toLowerCase(Locale.ROOT)) {
                case "metric", "metrics" -> METRIC;
                case "param", "params", "parameter", "parameters" -> PARAM;
                case "tag", "tags" -> TAG;
                case "attribute", "attributes", "attr", "run" -> ATTRIBUTE;
                case "dataset", "datasets" -> DATASET;
                default -> throw new IllegalArgumentException("Invalid entity type '" + word
                        + "'. Valid values are metrics, params, tags, attributes, datasets");
            };
        }
    }

    @Override
    public String toString() {
        return entity.name().toLowerCase(Locale.ROOT) + "." + key;
    }
}
