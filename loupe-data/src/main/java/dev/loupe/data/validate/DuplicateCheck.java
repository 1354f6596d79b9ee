package dev.loupe.data.validate;

import dev.loupe.core.dataset.Sample;
import dev.loupe.core.store.BlobId;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Exact duplicates (the same blob under several paths) and near duplicates (different bytes, the same
 * picture: a re-encoded JPEG, a resized copy). A group that spans splits is {@link FindingType#SPLIT_LEAKAGE}
 * (error); within one split it is a duplicate (warning, or error when its samples carry different labels).
 *
 * <p>Near duplicates: a pair of distinct blobs whose dHashes differ in at most {@link #MAX_HAMMING} bits and
 * whose 16x16 luma thumbnails differ by at most {@link #MAX_THUMBNAIL_RMS} RMS and at most
 * {@link #MAX_THUMBNAIL_DIFF} in every cell; pairs are joined into groups (union-find).
 *
 * <p>Calibration (2,000 synthetic production-line images, 128x128, one product in many nuisance
 * settings, i.e. images much closer to each other than ordinary photos): copies re-encoded as JPEG at
 * quality 0.6-0.9 or resized to 96x96 stay within RMS 0.0024, cell 0.0089 and 14 dHash bits of their
 * original; the closest two distinct images were RMS 0.0049 and cell 0.0166 apart, and no distinct pair met
 * both limits. A looser RMS limit (0.02 was tried) joins hundreds of distinct product images.
 *
 * <p>Cost: fingerprints are sorted by mean luma, and only pairs within {@link #MAX_THUMBNAIL_DIFF} of each
 * other's mean are compared (a larger mean difference implies a larger cell difference), so the search is
 * far below all-pairs for real data.
 */
final class DuplicateCheck implements Check {
    static final int MAX_HAMMING = 20;
    static final double MAX_THUMBNAIL_RMS = 0.004;
    static final double MAX_THUMBNAIL_DIFF = 0.015;

    private final Map<BlobId, Fingerprint> fingerprints;

    DuplicateCheck(Map<BlobId, Fingerprint> fingerprints) {
        this.fingerprints = fingerprints;
    }

    @Override
    public List<Finding> run(List<Sample> samples) {
        Map<BlobId, List<Sample>> byBlob = new TreeMap<>();
        for (Sample s : samples) {
            byBlob.computeIfAbsent(s.blob(), k -> new ArrayList<>()).add(s);
        }
        List<Finding> out = new ArrayList<>();
        for (List<Sample> group : byBlob.values()) {
            if (group.size() > 1) {
                out.add(finding(group, "exact", "byte-identical"));
            }
        }
        for (List<BlobId> component : nearGroups(new ArrayList<>(fingerprints.keySet()))) {
            List<Sample> group = new ArrayList<>();
            component.forEach(b -> group.addAll(byBlob.getOrDefault(b, List.of())));
            out.add(finding(group, "near", "visually identical (different bytes)"));
        }
        return out;
    }

    private static Finding finding(List<Sample> group, String match, String what) {
        Set<String> splits = new TreeSet<>();
        Set<String> labels = new TreeSet<>();
        Map<String, Object> placement = new TreeMap<>();
        for (Sample s : group) {
            splits.add(s.split().lower());
            labels.add(s.label().orElse(""));
            placement.put(s.path(), Map.of("split", s.split().lower(), "label", s.label().orElse("")));
        }
        List<String> files = group.stream().map(Sample::path).toList();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("match", match);
        details.put("splits", List.copyOf(splits));
        details.put("labels", List.copyOf(labels));
        details.put("samples", placement);
        String labelNote = labels.size() > 1 ? ", with different labels " + labels : "";
        if (splits.size() > 1) {
            return new Finding(FindingType.SPLIT_LEAKAGE, Severity.ERROR, files.size() + " " + what + " files in splits "
                    + splits + labelNote + ": " + files, files, details);
        }
        FindingType type = match.equals("exact") ? FindingType.EXACT_DUPLICATE : FindingType.NEAR_DUPLICATE;
        Severity severity = labels.size() > 1 ? Severity.ERROR : Severity.WARNING;
        return new Finding(type, severity, files.size() + " " + what + " files in " + splits.iterator().next()
                + labelNote + ": " + files, files, details);
    }

    private List<List<BlobId>> nearGroups(List<BlobId> unordered) {
        int n = unordered.size();
        double[] means = new double[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            means[i] = fingerprints.get(unordered.get(i)).meanLuma();
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(i -> means[i]));
        List<BlobId> blobs = new ArrayList<>(n);
        List<Fingerprint> prints = new ArrayList<>(n);
        for (int i : order) {
            blobs.add(unordered.get(i));
            prints.add(fingerprints.get(unordered.get(i)));
        }
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        for (int i = 0; i < n; i++) {
            Fingerprint a = prints.get(i);
            double limit = means[order[i]] + MAX_THUMBNAIL_DIFF;
            for (int j = i + 1; j < n && means[order[j]] <= limit; j++) {
                Fingerprint b = prints.get(j);
                if (a.hamming(b) <= MAX_HAMMING && a.thumbnailMaxDifference(b) <= MAX_THUMBNAIL_DIFF
                        && a.thumbnailDistance(b) <= MAX_THUMBNAIL_RMS) {
                    parent[find(parent, i)] = find(parent, j);
                }
            }
        }
        Map<Integer, List<BlobId>> groups = new HashMap<>();
        for (int i = 0; i < n; i++) {
            groups.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).add(blobs.get(i));
        }
        return groups.values().stream().filter(g -> g.size() > 1).map(g -> g.stream().sorted().toList())
                .sorted(java.util.Comparator.comparing(g -> g.getFirst())).toList();
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
