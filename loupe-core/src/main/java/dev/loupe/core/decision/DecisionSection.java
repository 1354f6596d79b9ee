package dev.loupe.core.decision;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.core.project.Project;
import dev.loupe.core.project.ProjectException;

import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code decision} section of {@code loupe.yaml}: overrides, field by field, the decision policy a
 * model brings in its descriptor.
 *
 * <pre>
 * decision:
 *   threshold: 0.5              # defect score at or above which a part is rejected
 *   review_band: [0.3, 0.7]     # scores sent to a person; omit for full automation
 *   stop_line:                  # stop the line on a burst of rejects; omit for never
 *     rejects: 3
 *     window: 20
 * </pre>
 *
 * Errors name the line and the field, like every other project-file error.
 */
public final class DecisionSection {
    private DecisionSection() {
    }

    private static final Set<String> FIELDS = Set.of("threshold", "review_band", "stop_line");

    /**
     * The policy for a project: the model's policy with whatever the project's {@code decision}
     * section sets instead.
     *
     * @throws ProjectException when the section is malformed
     */
    public static DecisionPolicy apply(Project project, DecisionPolicy modelPolicy) {
        Optional<JsonNode> section = project.section("decision");
        if (section.isEmpty() || section.get().isNull()) {
            return modelPolicy;
        }
        JsonNode s = section.get();
        if (!s.isObject()) {
            throw project.error("decision", "must be a mapping with threshold, review_band, stop_line");
        }
        for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw project.error("decision." + f, "unknown field (known: threshold, review_band, stop_line)");
            }
        }
        double threshold = modelPolicy.threshold();
        if (s.has("threshold")) {
            threshold = probability(project, "decision.threshold", s.get("threshold"));
        }
        Optional<ModelDescriptor.ReviewBand> band = modelPolicy.reviewBand();
        if (s.has("review_band")) {
            JsonNode b = s.get("review_band");
            if (b.isNull()) {
                band = Optional.empty();
            } else if (!b.isArray() || b.size() != 2) {
                throw project.error("decision.review_band", "must be [low, high] (got " + b + ")");
            } else {
                double low = probability(project, "decision.review_band", b.get(0));
                double high = probability(project, "decision.review_band", b.get(1));
                if (low >= high) {
                    throw project.error("decision.review_band", "low must be below high (got [" + low + ", " + high + "])");
                }
                band = Optional.of(new ModelDescriptor.ReviewBand(low, high));
            }
        }
        Optional<DecisionPolicy.StopLineRule> stop = modelPolicy.stopLine();
        if (s.has("stop_line")) {
            JsonNode st = s.get("stop_line");
            if (st.isNull()) {
                stop = Optional.empty();
            } else {
                int rejects = count(project, "decision.stop_line.rejects", st.get("rejects"));
                int window = count(project, "decision.stop_line.window", st.get("window"));
                if (rejects > window) {
                    throw project.error("decision.stop_line", "rejects (" + rejects + ") cannot exceed the window (" + window + ")");
                }
                stop = Optional.of(new DecisionPolicy.StopLineRule(rejects, window));
            }
        }
        if (band.isPresent() && !(threshold >= band.get().low() && threshold <= band.get().high())) {
            throw project.error(s.has("review_band") ? "decision.review_band" : "decision.threshold",
                    "the review band [" + band.get().low() + ", " + band.get().high() + "] must contain the threshold " + threshold);
        }
        return new DecisionPolicy(threshold, band, stop);
    }

    private static double probability(Project project, String field, JsonNode v) {
        if (v == null || !v.isNumber() || !(v.doubleValue() >= 0 && v.doubleValue() <= 1)) {
            throw project.error(field, "must be a number between 0 and 1 (got " + v + ")");
        }
        return v.doubleValue();
    }

    private static int count(Project project, String field, JsonNode v) {
        if (v == null || !v.isIntegralNumber() || v.intValue() < 1) {
            throw project.error(field, "must be a whole number >= 1 (got " + v + ")");
        }
        return v.intValue();
    }
}
