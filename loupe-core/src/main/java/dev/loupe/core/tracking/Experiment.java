package dev.loupe.core.tracking;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A named group of runs, such as every training of the defect model on one product.
 *
 * @param id               the store's id, a decimal number as a string ({@code 0} is the default experiment)
 * @param artifactLocation where the runs' artifacts are said to live, for MLflow clients
 * @param tags             experiment tags, key to value
 */
public record Experiment(String id, String name, String artifactLocation, LifecycleStage lifecycleStage,
                         Instant creationTime, Instant lastUpdateTime, Map<String, String> tags) {

    /** The experiment that always exists, used when a run names none (MLflow's experiment 0). */
    public static final String DEFAULT_ID = "0";

    public Experiment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lifecycleStage, "lifecycleStage");
        tags = Map.copyOf(tags);
    }
}
