package dev.loupe.core.project;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.core.image.ImageStats;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code monitoring} section of {@code loupe.yaml}: which detectors watch a model and their
 * false-alarm budgets.
 *
 * <pre>
 * monitoring:
 *   images_per_false_alarm: 1e6     # per detector, when nothing changed
 *   labels_per_false_alarm: 1e5     # the error-rate (concept drift) detector, in reviewed labels
 *   statistics: [brightness, contrast, sharpness, score, defect-share]
 * </pre>
 *
 * @param imagesPerFalseAlarm expected predictions between false alarms of each input/output detector
 * @param labelsPerFalseAlarm expected reviewed labels between false alarms of the error-rate detector
 * @param statistics          the monitored statistics: per-image ({@link ImageStats#NAMES}), {@code score},
 *                            {@code defect-share}
 */
public record MonitoringSection(double imagesPerFalseAlarm, double labelsPerFalseAlarm, List<String> statistics) {

    /** Every statistic a monitor can watch. */
    public static final List<String> KNOWN;

    static {
        List<String> k = new ArrayList<>(ImageStats.NAMES);
        k.add("score");
        k.add("defect-share");
        KNOWN = List.copyOf(k);
    }

    public MonitoringSection {
        statistics = List.copyOf(statistics);
    }

    /** Every statistic, 10⁶ images and 10⁵ labels per false alarm. */
    public static MonitoringSection defaults() {
        return new MonitoringSection(1e6, 1e5, KNOWN);
    }

    /**
     * Reads the project's section; defaults for whatever it omits.
     *
     * @throws ProjectException naming the line and field of a wrong value
     */
    public static MonitoringSection of(Project project) {
        SectionReader r = new SectionReader(project);
        MonitoringSection d = defaults();
        return r.section("monitoring", Set.of("images_per_false_alarm", "labels_per_false_alarm", "statistics"))
                .map(s -> read(r, s, d)).orElse(d);
    }

    private static MonitoringSection read(SectionReader r, JsonNode s, MonitoringSection d) {
        List<String> stats = r.names(s, "monitoring.statistics", Set.copyOf(KNOWN), d.statistics());
        if (stats.isEmpty()) {
            throw r.error("monitoring.statistics", "must name at least one statistic (known: " + KNOWN + ")");
        }
        return new MonitoringSection(
                r.number(s, "monitoring.images_per_false_alarm", 10, 1e15, d.imagesPerFalseAlarm()),
                r.number(s, "monitoring.labels_per_false_alarm", 10, 1e15, d.labelsPerFalseAlarm()),
                stats);
    }
}
