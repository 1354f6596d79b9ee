package dev.loupe.data.labels;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.core.project.Project;

import java.util.Locale;
import java.util.Map;

/**
 * The JSON shape of a {@link LabelReport} ({@code loupe labels check --json}). Field names are camelCase and
 * stable; an undefined number is {@code null}, and an undefined coefficient carries
 * {@code "undefined": "<reason>"} instead of a value.
 */
public final class LabelReportJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LabelReportJson() {
    }

    public static String render(LabelReport r) {
        try {
            return JSON.writeValueAsString(tree(r));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the label report as JSON", e);
        }
    }

    public static ObjectNode tree(LabelReport r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("source", r.source());
        root.put("items", r.items());
        strings(root.putArray("annotators"), r.annotators());
        strings(root.putArray("labels"), r.labels());
        root.put("positive", r.positive().orElse(null));
        root.put("threshold", r.threshold());
        root.put("failed", r.failed());

        ObjectNode agreement = root.putObject("agreement");
        agreement.put("complete", r.agreement().complete());
        agreement.put("headline", r.agreement().headlineName());
        agreement.set("krippendorffAlpha", agreement(r.agreement().alpha()));
        agreement.set("fleissKappa", agreement(r.agreement().fleiss()));
        ArrayNode pairs = agreement.putArray("cohenKappa");
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
        consensus.put("differsFromMajority", r.consensus().differsFromMajority());

        ArrayNode annotators = root.putArray("annotatorScores");
        for (AnnotatorScore s : r.annotatorScores()) {
            ObjectNode n = annotators.addObject();
            n.put("annotator", s.annotator());
            n.put("items", s.items());
            number(n, "accuracy", s.accuracy());
            number(n, "positiveRecall", s.positiveRecall());
            n.put("positives", s.positives());
            number(n, "estimatedAccuracy", s.estimatedAccuracy());
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
        ObjectNode human = root.putObject("humanLevel");
        number(human, "accuracy", r.humanLevel().accuracy());
        number(human, "positiveRecall", r.humanLevel().positiveRecall());
        number(human, "bestRecall", r.humanLevel().bestRecall());

        ArrayNode book = root.putArray("labelBook");
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
            number(n, "minorityReliability", d.minorityReliability());
        }
        ArrayNode queue = root.putArray("relabelQueue");
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
            number(n, "othersRate", b.othersRate());
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
        ObjectNode n = JSON.createObjectNode();
        switch (a) {
            case Agreement.Measured m -> {
                n.put("value", m.value());
                n.put("observed", m.observed());
                n.put("expected", m.expected());
            }
            case Agreement.Undefined u -> {
                n.putNull("value");
                n.put("undefined", u.reason().text);
            }
        }
        n.put("items", a.items());
        return n;
    }

    private static void votes(ObjectNode n, Map<String, String> votes) {
        ObjectNode v = n.putObject("votes");
        votes.forEach(v::put);
    }

    private static void number(ObjectNode n, String field, double value) {
        if (Double.isNaN(value)) {
            n.putNull(field);
        } else {
            n.put(field, value);
        }
    }

    private static void strings(ArrayNode array, Iterable<String> values) {
        values.forEach(array::add);
    }
}
