package dev.loupe.data.labels;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded simulation of a labelling job on the binary ok/defect task: the true labels, three careful
 * annotators (alice, bob, dave: right 90% of the time on either class) and carol, who misses small pit
 * marks (calls 60% of defects {@code ok}, 3% of good parts {@code defect}). Some items are planted as
 * ambiguous: the careful annotators split two against one and carol says ok.
 */
final class PlantedLabels {

    static final List<String> LABELS = List.of("ok", "defect");
    static final String[] ANNOTATORS = {"alice", "bob", "carol", "dave"};

    final LabelTable table;
    final List<String> truth = new ArrayList<>();
    final List<String> ambiguous = new ArrayList<>();

    PlantedLabels(long seed, int items, int ambiguousItems) {
        Random rnd = new Random(seed);
        LabelTable.Builder b = LabelTable.builder();
        for (int i = 0; i < items; i++) {
            String item = String.format("img/%04d.png", i);
            boolean defect = rnd.nextDouble() < 0.3;
            truth.add(defect ? "defect" : "ok");
            for (String a : ANNOTATORS) {
                double right = a.equals("carol") ? (defect ? 0.4 : 0.97) : 0.9;
                boolean saysDefect = rnd.nextDouble() < right == defect;
                b.put(item, a, saysDefect ? "defect" : "ok");
            }
        }
        for (int i = 0; i < ambiguousItems; i++) {
            String item = String.format("hard/%04d.png", i);
            ambiguous.add(item);
            int dissenter = i % 3;
            String[] careful = {"alice", "bob", "dave"};
            for (int c = 0; c < 3; c++) {
                b.put(item, careful[c], c == dissenter ? "ok" : "defect");
            }
            b.put(item, "carol", "ok");
        }
        table = b.build(LABELS);
    }

    /** Share of the first {@code truth.size()} items whose label (by code) equals the truth. */
    double accuracy(int[] codes) {
        int right = 0;
        for (int i = 0; i < truth.size(); i++) {
            right += table.labels().get(codes[i]).equals(truth.get(i)) ? 1 : 0;
        }
        return (double) right / truth.size();
    }
}
