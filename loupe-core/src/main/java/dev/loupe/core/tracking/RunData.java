package dev.loupe.core.tracking;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run logged.
 *
 * @param metrics the current value of each metric (the one at the highest step, then latest time), by key
 * @param params  every parameter, by key
 * @param tags    every tag, key to value
 */
public record RunData(List<Metric> metrics, List<Param> params, Map<String, String> tags) {
    public RunData {
        metrics = List.copyOf(metrics);
        params = List.copyOf(params);
        tags = Map.copyOf(tags);
    }

    public Optional<Metric> metric(String key) {
        return metrics.stream().filter(m -> m.key().equals(key)).findFirst();
    }

    public Optional<String> param(String key) {
        return params.stream().filter(p -> p.key().equals(key)).map(Param::value).findFirst();
    }
}
