package dev.loupe.data.labels;

import dev.loupe.core.dataset.Sample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Labels given by annotators: items (image paths) by annotator names, each cell a label or missing.
 * Only items with at least one label are kept. Labels are numbered in {@link #labels()} order: first the
 * preferred order given when built (the project's label book), then any other label alphabetically.
 *
 * <p>Immutable and thread-safe.
 */
public final class LabelTable {

    /** The code of a missing label in {@link #code(int, int)}. */
    public static final int MISSING = -1;

    private final List<String> items;
    private final List<String> annotators;
    private final List<String> labels;
    private final int[][] codes;

    private LabelTable(List<String> items, List<String> annotators, List<String> labels, int[][] codes) {
        this.items = List.copyOf(items);
        this.annotators = List.copyOf(annotators);
        this.labels = List.copyOf(labels);
        this.codes = codes;
    }

    /** A table from dataset samples' {@link Sample#annotations()}; samples without annotations are left out. */
    public static LabelTable fromSamples(Collection<Sample> samples, List<String> labelOrder) {
        Builder b = builder();
        for (Sample s : samples) {
            s.annotations().forEach((annotator, label) -> b.put(s.path(), annotator, label));
        }
        return b.build(labelOrder);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects labels cell by cell; blank labels count as missing. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Map<String, String>> cells = new LinkedHashMap<>();
        private final TreeSet<String> annotators = new TreeSet<>();

        private Builder() {
        }

        /** Records one annotator's label of one item; a second label for the same cell is an error. */
        public Builder put(String item, String annotator, String label) {
            annotators.add(annotator);
            if (label == null || label.isBlank()) {
                cells.computeIfAbsent(item, k -> new LinkedHashMap<>());
                return this;
            }
            String previous = cells.computeIfAbsent(item, k -> new LinkedHashMap<>()).put(annotator, label.strip());
            if (previous != null) {
                throw new IllegalArgumentException("item '" + item + "' has two labels from annotator '" + annotator + "'");
            }
            return this;
        }

        /** The table, labels numbered in {@code labelOrder} first, then alphabetically. */
        public LabelTable build(List<String> labelOrder) {
            TreeSet<String> seen = new TreeSet<>();
            cells.values().forEach(m -> seen.addAll(m.values()));
            List<String> labels = new ArrayList<>();
            for (String l : labelOrder) {
                if (seen.remove(l)) {
                    labels.add(l);
                }
            }
            labels.addAll(seen);
            List<String> names = new ArrayList<>(annotators);
            List<String> items = new ArrayList<>();
            List<int[]> rows = new ArrayList<>();
            for (Map.Entry<String, Map<String, String>> e : cells.entrySet()) {
                if (e.getValue().isEmpty()) {
                    continue;
                }
                int[] row = new int[names.size()];
                Arrays.fill(row, MISSING);
                e.getValue().forEach((a, l) -> row[names.indexOf(a)] = labels.indexOf(l));
                items.add(e.getKey());
                rows.add(row);
            }
            return new LabelTable(items, names, labels, rows.toArray(new int[0][]));
        }
    }

    public List<String> items() {
        return items;
    }

    public List<String> annotators() {
        return annotators;
    }

    /** Every label given at least once, in code order. */
    public List<String> labels() {
        return labels;
    }

    public int itemCount() {
        return items.size();
    }

    public int annotatorCount() {
        return annotators.size();
    }

    public int labelCount() {
        return labels.size();
    }

    /** The label's code (index in {@link #labels()}), or {@link #MISSING}. */
    public int code(int item, int annotator) {
        return codes[item][annotator];
    }

    public Optional<String> label(int item, int annotator) {
        int c = codes[item][annotator];
        return c == MISSING ? Optional.empty() : Optional.of(labels.get(c));
    }

    /** How many annotators labelled the item. */
    public int ratings(int item) {
        int n = 0;
        for (int c : codes[item]) {
            if (c != MISSING) {
                n++;
            }
        }
        return n;
    }

    /** Votes per label code for one item. */
    public int[] votes(int item) {
        int[] v = new int[labels.size()];
        for (int c : codes[item]) {
            if (c != MISSING) {
                v[c]++;
            }
        }
        return v;
    }

    /** True when every item has a label from every annotator. */
    public boolean complete() {
        for (int i = 0; i < codes.length; i++) {
            if (ratings(i) != annotators.size()) {
                return false;
            }
        }
        return true;
    }

    /** The item's labels by annotator, annotators in table order, missing ones left out. */
    public Map<String, String> row(int item) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int a = 0; a < annotators.size(); a++) {
            int c = codes[item][a];
            if (c != MISSING) {
                m.put(annotators.get(a), labels.get(c));
            }
        }
        return m;
    }

    public int annotatorIndex(String name) {
        int i = annotators.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no annotator '" + name + "' (have " + annotators + ")");
        }
        return i;
    }
}
