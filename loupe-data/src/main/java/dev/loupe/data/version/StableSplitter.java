package dev.loupe.data.version;

import dev.loupe.core.dataset.Split;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Assigns splits that depend only on content, stratified by label.
 *
 * <p>How: the items of each label are sorted by their content key (the SHA-256 of the file, then the path)
 * and cut at the ratios: the lowest keys go to test, the next to validation, the rest to train. Since the
 * SHA-256 is uniform, this equals thresholding a hash in [0, 1), but the counts match the ratios exactly
 * and a small class still gets a test (and validation) item whenever it has enough items for every split
 * with a positive ratio. The same files give the same splits; adding files moves only items near a cut.
 * Identical files of a label are adjacent in key order, and a cut never falls between them: they all go where
 * the first of them goes (a copy in test and another in train would be split leakage, which validation reports as
 * an error), so a split may hold a few items more or fewer than its exact count.
 */
public final class StableSplitter {

    /** One item to place: its label ({@code ""} for none) and content key (a hex digest). */
    public record Item(String label, String key, String path) {
    }

    private final SplitRatios ratios;

    public StableSplitter(SplitRatios ratios) {
        this.ratios = ratios;
    }

    /** The split of every item, by path. */
    public Map<String, Split> assign(List<Item> items) {
        Map<String, List<Item>> byLabel = new LinkedHashMap<>();
        for (Item it : items) {
            byLabel.computeIfAbsent(it.label(), k -> new ArrayList<>()).add(it);
        }
        Map<String, Split> out = new HashMap<>();
        for (List<Item> group : byLabel.values()) {
            group.sort(Comparator.comparing(Item::key).thenComparing(Item::path));
            Map<Split, Integer> quota = quota(group.size());
            int i = 0;
            Item previous = null;
            for (Split s : new Split[]{Split.TEST, Split.VALIDATION, Split.TRAIN}) {
                for (int k = 0; k < quota.get(s); k++) {
                    Item it = group.get(i++);
                    boolean copy = previous != null && previous.key().equals(it.key());
                    out.put(it.path(), copy ? out.get(previous.path()) : s);
                    previous = it;
                }
            }
        }
        return out;
    }

    /** Items per split for a group of n: largest remainder, then at least one per positive ratio while train keeps one. */
    Map<Split, Integer> quota(int n) {
        Map<Split, Integer> q = new EnumMap<>(Split.class);
        Map<Split, Double> remainder = new EnumMap<>(Split.class);
        int assigned = 0;
        for (Split s : Split.values()) {
            double exact = n * ratios.of(s);
            q.put(s, (int) Math.floor(exact));
            remainder.put(s, exact - Math.floor(exact));
            assigned += q.get(s);
        }
        List<Split> byRemainder = new ArrayList<>(List.of(Split.values()));
        // equal remainders: test first, then validation, so a small class's evaluation gets the item
        byRemainder.sort(Comparator.comparing((Split s) -> -remainder.get(s)).thenComparing(s -> -s.ordinal()));
        for (int i = 0; assigned < n; i++, assigned++) {
            Split s = byRemainder.get(i % byRemainder.size());
            q.merge(s, 1, Integer::sum);
        }
        for (Split s : new Split[]{Split.TEST, Split.VALIDATION}) {
            if (ratios.of(s) > 0 && q.get(s) == 0 && q.get(Split.TRAIN) > 1) {
                q.put(s, 1);
                q.merge(Split.TRAIN, -1, Integer::sum);
            }
        }
        return q;
    }
}
