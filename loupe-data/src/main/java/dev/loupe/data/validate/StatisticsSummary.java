package dev.loupe.data.validate;

import dev.loupe.core.dataset.Sample;
import dev.loupe.core.image.ImageStats;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Distributions of the per-image statistics ({@link ImageStats#NAMES}) over readable samples: for the whole
 * version, per split and per label ({@code ""} for unlabelled). Maps are group -> statistic -> summary.
 */
public record StatisticsSummary(Map<String, Quantiles> all, Map<String, Map<String, Quantiles>> bySplit,
                                Map<String, Map<String, Quantiles>> byLabel) {

    public static StatisticsSummary of(List<Sample> samples) {
        List<Sample> readable = samples.stream().filter(Sample::readable).toList();
        return new StatisticsSummary(summarize(readable), grouped(readable, s -> s.split().lower()),
                grouped(readable, s -> s.label().orElse("")));
    }

    private static Map<String, Map<String, Quantiles>> grouped(List<Sample> samples, Function<Sample, String> key) {
        Map<String, List<Sample>> groups = new TreeMap<>();
        for (Sample s : samples) {
            groups.computeIfAbsent(key.apply(s), k -> new java.util.ArrayList<>()).add(s);
        }
        Map<String, Map<String, Quantiles>> out = new LinkedHashMap<>();
        groups.forEach((k, v) -> out.put(k, summarize(v)));
        return Collections.unmodifiableMap(out);
    }

    private static Map<String, Quantiles> summarize(List<Sample> samples) {
        Map<String, Quantiles> out = new LinkedHashMap<>();
        for (String name : ImageStats.NAMES) {
            out.put(name, Quantiles.of(values(samples, name)));
        }
        return Collections.unmodifiableMap(out);
    }

    /** One statistic of each readable sample, in list order. */
    static double[] values(List<Sample> samples, String stat) {
        return samples.stream().filter(Sample::readable)
                .mapToDouble(s -> ((Sample.ImageInfo.Decoded) s.image()).stats().get(stat)).toArray();
    }
}
