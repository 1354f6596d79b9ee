package dev.loupe.core.registry;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A named model, such as {@code defect-cnn}, whose versions are registered over time.
 *
 * @param description   free text, may be null
 * @param tags          key to value
 * @param aliases       alias to version number ({@code champion -> 3}), sorted by alias
 * @param latestVersion the highest existing version number, 0 when there is none
 */
public record RegisteredModel(String name, String description, Instant creationTime, Instant lastUpdatedTime,
                              Map<String, String> tags, SortedMap<String, Integer> aliases, int latestVersion) {
    public RegisteredModel {
        Objects.requireNonNull(name, "name");
        tags = Map.copyOf(tags);
        aliases = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(aliases));
    }

    /**
     * Aliases as a person writes them: {@code champion: v1, challenger: v2}, then the other aliases by name;
     * empty for none. The console, the serving API's errors and the CLI all show them this way.
     */
    public static String describeAliases(Map<String, Integer> byName) {
        Map<String, Integer> ordered = new LinkedHashMap<>();
        for (String a : List.of("champion", "challenger")) {
            if (byName.containsKey(a)) {
                ordered.put(a, byName.get(a));
            }
        }
        new TreeMap<>(byName).forEach(ordered::putIfAbsent);
        StringBuilder b = new StringBuilder();
        ordered.forEach((a, v) -> b.append(b.isEmpty() ? "" : ", ").append(a).append(": v").append(v));
        return b.toString();
    }
}
