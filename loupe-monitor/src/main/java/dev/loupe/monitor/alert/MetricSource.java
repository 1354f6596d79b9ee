package dev.loupe.monitor.alert;

import java.util.Map;
import java.util.OptionalDouble;

/** Where alert rules read their metrics: the monitors, the estimator, the recorder. */
@FunctionalInterface
public interface MetricSource {

    /** The metric's current value, empty when it has none (no data yet, unknown name). */
    OptionalDouble value(String metric);

    /** Fixed values, for tests and one-off evaluations. */
    static MetricSource of(Map<String, Double> values) {
        return m -> values.containsKey(m) ? OptionalDouble.of(values.get(m)) : OptionalDouble.empty();
    }
}
