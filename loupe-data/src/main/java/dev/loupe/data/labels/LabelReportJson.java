package dev.loupe.data.labels;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.core.project.Project;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON shape of a {@link LabelReport} ({@code loupe labels check --json}, docs/cli-json.md). Field names
 * are snake_case and stable; an undefined number is {@code null}, and an undefined coefficient has
 * {@code "value": null} and {@code "undefined": "<reason>"} ({@code null} when it was measured).
 */
public final class LabelReportJson {
    private LabelReportJson() {
    }

    /** The report's document; the CLI prints it (docs/cli-json.md). */
    public static ObjectNode tree(LabelReport r) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("source", r.source());
        root.put("items", r.items());
        strings(root.putArray("annotators"), r.annotators());
        strings(root.putArray("labels"), r.labels());
        root.put("positive", r.positive().orElse(null));
        number(root, "threshold", r.threshold());
        root.put("failed", r.failed());

        ObjectNode agreement = root.putObject("agreement");
        agreement.put("complete", r.agreement().complete());
        agreement.put("headline", r.agreement().headlineName());
        agreement.set("krippendorff_alpha", agreement(r.agreement().alpha()));
        agreement.set("fleiss_kappa", agreement(r.agreement().fleiss()));
        ArrayNode pairs = agreement.putArray("cohen_kappa");
        for (LabelReport.PairAgreement p : r.agreement().pairs()) {
            ObjectNode n = agreement(p.kappa());
            n.put("first", p.first());
            n.put("second", p.second());
            pairs.add(n);
        }

        ObjectNode consensus = root.putObject("consensus");
        consensus.put("method", r.consensus().method());
        consensus.put("iterations", r.consensus().iterations());
        consensus.put("converged", r.consensus().converged());
        consensus.put("differs_from_majority", r.consensus().differsFromMajority());

        ArrayNode annotators = root.putArray("annotator_scores");
        for (AnnotatorScore s : r.annotatorScores()) {
            ObjectNode n = annotators.addObject();
            n.put("annotator", s.annotator());
            n.put("items", s.items());
            number(n, "accuracy", s.accuracy());
            number(n, "positive_recall", s.positiveRecall());
            n.put("positives", s.positives());
            number(n, "estimated_accuracy", s.estimatedAccuracy());
            ArrayNode rows = n.putArray("confusion");
            for (int ref = 0; ref < s.confusion().labels().size(); ref++) {
                ObjectNode row = rows.addObject();
                row.put("consensus", s.confusion().labels().get(ref));
                ObjectNode given = row.putObject("given");
                for (int g = 0; g < s.confusion().labels().size(); g++) {
                    given.put(s.confusion().labels().get(g), s.confusion().count(ref, g));
                }
            }
        }
        ObjectNode human = root.putObject("human_level");
        number(human, "accuracy", r.humanLevel().accuracy());
        number(human, "positive_recall", r.humanLevel().positiveRecall());
        number(human, "best_recall", r.humanLevel().bestRecall());

        ArrayNode book = root.putArray("label_book");
        for (Project.Label l : r.labelBook()) {
            book.addObject().put("name", l.name()).put("definition", l.definition());
        }
        ArrayNode disagreements = root.putArray("disagreements");
        for (Disagreement d : r.disagreements()) {
            ObjectNode n = disagreements.addObject();
            n.put("item", d.item());
            votes(n, d.votes());
            number(n, "split", d.split());
            n.put("consensus", d.consensus());
            number(n, "confidence", d.confidence());
            number(n, "minority_reliability", d.minorityReliability());
        }
        ArrayNode queue = root.putArray("relabel_queue");
        for (RelabelItem q : r.relabelQueue()) {
            ObjectNode n = queue.addObject();
            n.put("item", q.item());
            n.put("consensus", q.consensus());
            number(n, "confidence", q.confidence());
            votes(n, q.votes());
        }
        ArrayNode biases = root.putArray("biases");
        for (AnnotatorBias b : r.biases()) {
            ObjectNode n = biases.addObject();
            n.put("annotator", b.annotator());
            n.put("consensus", b.referenceLabel());
            n.put("given", b.givenLabel());
            number(n, "rate", b.rate());
            number(n, "others_rate", b.othersRate());
            n.put("items", b.items());
        }
        ArrayNode findings = root.putArray("findings");
        for (LabelReport.Finding f : r.findings()) {
            findings.addObject().put("type", f.type()).put("severity", f.severity().name().toLowerCase(Locale.ROOT))
                    .put("subject", f.subject()).put("message", f.message());
        }
        return root;
    }

    private static ObjectNode agreement(Agreement a) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        switch (a) {
            case Agreement.Measured m -> {
                number(n, "value", m.value());
                number(n, "observed", m.observed());
                number(n, "expected", m.expected());
                n.putNull("undefined");
            }
            case Agreement.Undefined u -> {
                n.putNull("value");
                n.putNull("observed");
                n.putNull("expected");
                n.put("undefined", u.reason().text);
            }
        }
        n.put("items", a.items());
        return n;
    }

    private static void votes(ObjectNode n, Map<String, String> votes) {
        ObjectNode v = n.putObject("votes");
        new TreeMap<>(votes).forEach(v::put);
    }

    private static void number(ObjectNode n, String field, double value) {
        if (!Double.isFinite(value)) {
            n.putNull(field);
        } else {
            n.put(field, value);
        }
    }

    private static void strings(ArrayNode array, Iterable<String> values) {
        values.forEach(array::add);
    }
}
