package dev.loupe.data.imports;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The label several annotators agree on, by plurality vote; none on a tie. */
public final class Consensus {
    private Consensus() {
    }

    /**
     * The most frequent non-blank label; empty when there are no votes or when two or more labels tie for
     * the most votes (a person must decide).
     */
    public static Optional<String> majority(Collection<String> votes) {
        Map<String, Integer> counts = new HashMap<>();
        for (String v : votes) {
            if (v != null && !v.isBlank()) {
                counts.merge(v.strip(), 1, Integer::sum);
            }
        }
        int best = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        var winners = counts.entrySet().stream().filter(e -> e.getValue() == best).map(Map.Entry::getKey).toList();
        return winners.size() == 1 ? Optional.of(winners.getFirst()) : Optional.empty();
    }
}
