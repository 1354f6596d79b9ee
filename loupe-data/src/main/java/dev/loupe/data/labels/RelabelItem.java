package dev.loupe.data.labels;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An item to send back for labelling: its consensus is not confident enough to train on.
 *
 * @param item       the item (image path)
 * @param consensus  the consensus label
 * @param confidence its posterior probability, below the queue's threshold
 * @param votes      each annotator's label
 */
public record RelabelItem(String item, String consensus, double confidence, Map<String, String> votes) {

    public RelabelItem {
        votes = Collections.unmodifiableMap(new LinkedHashMap<>(votes));
    }

    /** Items whose consensus confidence is below {@code threshold}, least confident first. */
    public static List<RelabelItem> queue(Consensus consensus, double threshold) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("the re-label threshold must be in [0, 1] (got " + threshold + ")");
        }
        LabelTable table = consensus.table();
        List<RelabelItem> queue = new ArrayList<>();
        for (int i = 0; i < table.itemCount(); i++) {
            if (consensus.confidence(i) < threshold) {
                queue.add(new RelabelItem(table.items().get(i), consensus.labelName(i), consensus.confidence(i),
                        table.row(i)));
            }
        }
        queue.sort(Comparator.comparingDouble(RelabelItem::confidence).thenComparing(RelabelItem::item));
        return List.copyOf(queue);
    }
}
