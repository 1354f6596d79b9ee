package dev.loupe.core.project;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code gate} section of {@code loupe.yaml}: what a retrained model (the challenger) must show
 * before it may replace the champion. Both are evaluated on the same test images.
 *
 * <pre>
 * gate:
 *   max_regression:                        # on the champion's original test set
 *     auroc: 0.01                          # challenger may lose at most 0.01 AUROC
 *     recall: 0.01
 *   must_beat_champion_on_new_conditions: true   # balanced accuracy on the new images' test split
 *   targets: [recall, false_reject_rate]   # project targets the challenger must meet on the whole test split
 *   must_beat_baselines: true              # recall at least the measured rule-based baseline's
 * </pre>
 *
 * @param maxRegression        metric to the largest allowed loss (challenger below champion); for
 *                             {@code false_reject_rate} the largest allowed rise
 * @param mustBeatChampionOnNewConditions the challenger's balanced accuracy (at its own threshold) on the new
 *                             images must exceed the champion's
 * @param targets              which of {@code targets} the challenger must meet
 * @param mustBeatBaselines    the challenger's recall must reach {@code baselines.rule_based_recall} when measured
 */
public record GateSection(Map<String, Double> maxRegression, boolean mustBeatChampionOnNewConditions,
                          List<String> targets, boolean mustBeatBaselines) {

    /** Metrics {@code max_regression} may name. */
    public static final Set<String> METRICS = Set.of("auroc", "recall", "average_precision", "false_reject_rate");
    /** Targets {@code targets} may name (throughput is not measured by an evaluation). */
    public static final Set<String> TARGETS = Set.of("recall", "false_reject_rate", "p99_latency_ms");

    public GateSection {
        maxRegression = Map.copyOf(maxRegression);
        targets = List.copyOf(targets);
    }

    /** 0.01 AUROC and recall, must beat the champion on new conditions, recall and false-reject targets. */
    public static GateSection defaults() {
        return new GateSection(Map.of("auroc", 0.01, "recall", 0.01), true, List.of("recall", "false_reject_rate"), true);
    }

    /**
     * Reads the project's section; defaults for whatever it omits.
     *
     * @throws ProjectException naming the line and field of a wrong value
     */
    public static GateSection of(Project project) {
        SectionReader r = new SectionReader(project);
        GateSection d = defaults();
        return r.section("gate", Set.of("max_regression", "must_beat_champion_on_new_conditions", "targets",
                "must_beat_baselines")).map(s -> read(r, s, d)).orElse(d);
    }

    private static GateSection read(SectionReader r, JsonNode s, GateSection d) {
        Map<String, Double> regression = new TreeMap<>(d.maxRegression());
        r.child(s, "gate.max_regression", METRICS).ifPresent(m -> {
            regression.clear();
            for (Iterator<String> it = m.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                regression.put(k, r.number(m, "gate.max_regression." + k, 0, 1, 0));
            }
        });
        return new GateSection(regression,
                r.bool(s, "gate.must_beat_champion_on_new_conditions", d.mustBeatChampionOnNewConditions()),
                r.names(s, "gate.targets", TARGETS, d.targets()),
                r.bool(s, "gate.must_beat_baselines", d.mustBeatBaselines()));
    }
}
