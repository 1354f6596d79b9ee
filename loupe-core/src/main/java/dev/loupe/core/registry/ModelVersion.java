package dev.loupe.core.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One registered version of a model.
 *
 * @param name            the registered model's name
 * @param version         1, 2, 3...: assigned in order, never reused, even after a delete
 * @param source          where the model package lives: {@code blob:sha256:<hex>} or a path
 * @param runId           the run that produced it (its params, metrics, dataset version), may be null
 * @param description     free text, may be null
 * @param tags            key to value
 * @param aliases         the aliases that point at this version ({@code champion}...), sorted
 * @param userId          who registered it, may be null
 */
public record ModelVersion(String name, int version, String source, String runId, ModelVersionStatus status,
                           String description, Map<String, String> tags, List<String> aliases,
                           Instant creationTime, Instant lastUpdatedTime, String userId) {
    public ModelVersion {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(status, "status");
        tags = Map.copyOf(tags);
        aliases = aliases.stream().sorted().toList();
    }

    /** {@code name/version}, the reference {@link ModelRef#parse} reads back. */
    public String ref() {
        return name + "/" + version;
    }
}
