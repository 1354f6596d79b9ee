package dev.loupe.data.validate;

import dev.loupe.core.dataset.Sample;
import dev.loupe.core.dataset.Split;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Label problems: class imbalance at {@link #IMBALANCE_RATIO}:1 or worse (warning, naming the rarest
 * label's files), a label absent from a split other labels use (warning), unlabelled samples (warning) and
 * samples whose annotators disagree (warning; how much they agree overall is label quality's job).
 */
final class LabelCheck implements Check {
    static final double IMBALANCE_RATIO = 10;

    @Override
    public List<Finding> run(List<Sample> samples) {
        List<Finding> out = new ArrayList<>();
        Map<String, List<String>> byLabel = new TreeMap<>();
        List<String> unlabelled = new ArrayList<>();
        Map<String, Object> disagreements = new TreeMap<>();
        for (Sample s : samples) {
            if (s.label().isPresent()) {
                byLabel.computeIfAbsent(s.label().get(), k -> new ArrayList<>()).add(s.path());
            } else {
                unlabelled.add(s.path());
            }
            if (new HashSet<>(s.annotations().values()).size() > 1) {
                disagreements.put(s.path(), new TreeMap<>(s.annotations()));
            }
        }
        imbalance(byLabel, out);
        missingFromSplit(samples, out);
        if (!unlabelled.isEmpty()) {
            out.add(new Finding(FindingType.UNLABELLED, Severity.WARNING, unlabelled.size()
                    + " samples have no label (no label value, or annotators tied)", unlabelled,
                    Map.of("count", unlabelled.size())));
        }
        if (!disagreements.isEmpty()) {
            out.add(new Finding(FindingType.ANNOTATOR_DISAGREEMENT, Severity.WARNING, disagreements.size()
                    + " samples have annotators who disagree", List.copyOf(disagreements.keySet()),
                    Map.of("count", disagreements.size(), "annotations", disagreements)));
        }
        return out;
    }

    private static void imbalance(Map<String, List<String>> byLabel, List<Finding> out) {
        if (byLabel.size() < 2) {
            return;
        }
        var max = byLabel.entrySet().stream().max(Map.Entry.comparingByValue(java.util.Comparator.comparingInt(List::size))).orElseThrow();
        var min = byLabel.entrySet().stream().min(Map.Entry.comparingByValue(java.util.Comparator.comparingInt(List::size))).orElseThrow();
        double ratio = (double) max.getValue().size() / min.getValue().size();
        if (ratio >= IMBALANCE_RATIO) {
            Map<String, Object> counts = new LinkedHashMap<>();
            byLabel.forEach((k, v) -> counts.put(k, v.size()));
            out.add(new Finding(FindingType.CLASS_IMBALANCE, Severity.WARNING, String.format(java.util.Locale.ROOT,
                    "label '%s' has %.1fx the samples of '%s' (%d vs %d); counts %s", max.getKey(), ratio, min.getKey(),
                    max.getValue().size(), min.getValue().size(), counts), min.getValue(),
                    Map.of("counts", counts, "ratio", ratio, "majority", max.getKey(), "minority", min.getKey())));
        }
    }

    private static void missingFromSplit(List<Sample> samples, List<Finding> out) {
        Map<String, Map<Split, List<String>>> byLabelSplit = new TreeMap<>();
        Set<Split> used = new HashSet<>();
        for (Sample s : samples) {
            if (s.label().isPresent()) {
                byLabelSplit.computeIfAbsent(s.label().get(), k -> new TreeMap<>())
                        .computeIfAbsent(s.split(), k -> new ArrayList<>()).add(s.path());
                used.add(s.split());
            }
        }
        byLabelSplit.forEach((label, splits) -> {
            for (Split split : Split.values()) {
                if (used.contains(split) && !splits.containsKey(split)) {
                    List<String> files = splits.values().stream().flatMap(List::stream).toList();
                    out.add(new Finding(FindingType.LABEL_MISSING_FROM_SPLIT, Severity.WARNING, "label '" + label
                            + "' has no sample in " + split.lower() + " (" + files.size() + " samples elsewhere)", files,
                            Map.of("label", label, "split", split.lower())));
                }
            }
        });
    }
}
