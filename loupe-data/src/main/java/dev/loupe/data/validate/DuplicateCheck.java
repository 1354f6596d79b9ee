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
 * whose 16x16 thumbnails differ by at most {@link #MAX_THUMBNAIL_RMS} RMS luma; pairs are joined into
 * groups (union-find). All pairs are compared (64-bit XOR + popcount): ~0.2 s for 20,000 distinct images.
 */
final class DuplicateCheck implements Check {
    static final int MAX_HAMMING = 8;
    static final double MAX_THUMBNAIL_RMS = 0.02;

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

    private List<List<BlobId>> nearGroups(List<BlobId> blobs) {
        int n = blobs.size();
        long[] hashes = new long[n];
        for (int i = 0; i < n; i++) {
            hashes[i] = fingerprints.get(blobs.get(i)).dhash();
        }
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (Long.bitCount(hashes[i] ^ hashes[j]) <= MAX_HAMMING
                        && fingerprints.get(blobs.get(i)).thumbnailDistance(fingerprints.get(blobs.get(j))) <= MAX_THUMBNAIL_RMS) {
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
