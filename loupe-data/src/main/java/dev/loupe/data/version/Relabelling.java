package dev.loupe.data.version;

import dev.loupe.core.dataset.DatasetRepository;
import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.dataset.Sample;
import dev.loupe.core.dataset.Split;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Derives a dataset version with new labels: the parent's samples (same files, splits, metadata,
 * annotations) with the given paths' labels replaced, saved as a new immutable version whose parent is
 * the old one. The id is a content hash like any version's, so the same labels give the same version.
 */
public final class Relabelling {
    private Relabelling() {
    }

    /**
     * Saves the derived version and returns it (the existing one when the same content was saved before).
     *
     * @param labels sample path to its new label; every path must be in the parent
     * @throws IllegalArgumentException when no label is given, a path is unknown or a label blank
     */
    public static DatasetVersion derive(DatasetRepository repository, DatasetVersion parent, Map<String, String> labels,
                                        String actor, Instant at) {
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("no label given: nothing to derive");
        }
        List<Sample> samples = repository.samples(parent);
        Set<String> unknown = new HashSet<>(labels.keySet());
        List<Sample> derived = new ArrayList<>(samples.size());
        for (Sample s : samples) {
            String label = labels.get(s.path());
            unknown.remove(s.path());
            if (label == null) {
                derived.add(s);
                continue;
            }
            if (label.isBlank()) {
                throw new IllegalArgumentException("blank label for " + s.path());
            }
            derived.add(new Sample(s.path(), s.blob(), Optional.of(label), s.annotations(), s.split(), s.metadata(), s.image()));
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("not in " + parent + ": " + new TreeMap<>(labels).keySet().stream()
                    .filter(unknown::contains).limit(5).toList());
        }
        String id = VersionId.of(derived, SplitRatios.DEFAULT);
        Map<String, Integer> labelCounts = new TreeMap<>();
        Map<Split, Integer> splitCounts = new EnumMap<>(Split.class);
        for (Sample s : derived) {
            labelCounts.merge(s.label().orElse(""), 1, Integer::sum);
            splitCounts.merge(s.split(), 1, Integer::sum);
        }
        DatasetVersion version = new DatasetVersion(parent.name(), id, Optional.of(parent.id()), "relabel:" + parent,
                actor, at, derived.size(), labelCounts, splitCounts);
        if (!repository.save(version, derived)) {
            return repository.resolve(version.ref()).orElse(version);
        }
        return version;
    }
}
