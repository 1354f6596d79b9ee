package dev.loupe.data.labels;

import dev.loupe.core.project.Project;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders a {@link LabelReport} for a person at a terminal: summary, agreement, human-level performance,
 * each annotator's confusion against the consensus, findings, then the label book beside the worst
 * disagreements and the re-label queue (the longest lists cut at {@code limit} rows; JSON has them all).
 */
public final class LabelReportText {
    private LabelReportText() {
    }

    public static String render(LabelReport r, int limit) {
        StringBuilder sb = new StringBuilder();
        line(sb, "Label check  %s", r.source());
        line(sb, "%d items, %d annotators (%s), labels %s, positive label %s", r.items(), r.annotators().size(),
                String.join(", ", r.annotators()), String.join(", ", r.labels()), r.positive().orElse("unknown"));

        line(sb, "%nAgreement");
        LabelReport.Agreements a = r.agreement();
        line(sb, "  %-32s %s%s", "Krippendorff's alpha (nominal)", show(a.alpha()), a.complete() ? "" : "   <- read this one: some labels are missing");
        line(sb, "  %-32s %s%s", "Fleiss' kappa", show(a.fleiss()), a.complete() ? "   <- read this one" : "");
        if (!a.pairs().isEmpty()) {
            line(sb, "  Cohen's kappa per pair:");
            for (LabelReport.PairAgreement p : a.pairs()) {
                line(sb, "    %-30s %s", p.first() + " ~ " + p.second(), show(p.kappa()));
            }
        }

        LabelReport.ConsensusSummary c = r.consensus();
        line(sb, "%nConsensus  %s, %d iterations, %s; differs from the plain majority on %d items",
                c.method(), c.iterations(), c.converged() ? "converged" : "NOT converged", c.differsFromMajority());

        String pos = r.positive().orElse("positive");
        line(sb, "%nHuman-level performance (each annotator against the consensus of the others)");
        line(sb, "  %-16s %6s %9s %13s %14s", "annotator", "items", "accuracy", "recall " + pos, "est. accuracy");
        for (AnnotatorScore s : r.annotatorScores()) {
            line(sb, "  %-16s %6d %9s %13s %14s", s.annotator(), s.items(), num(s.accuracy()), num(s.positiveRecall()),
                    num(s.estimatedAccuracy()));
        }
        HumanLevel h = r.humanLevel();
        line(sb, "  %-16s %6s %9s %13s   best annotator's recall %s", "pooled", "", num(h.accuracy()),
                num(h.positiveRecall()), num(h.bestRecall()));
        if (!Double.isNaN(h.positiveRecall())) {
            line(sb, "  human-level recall for loupe.yaml: baselines.human_level_recall: %s", num(h.positiveRecall()));
        }

        line(sb, "%nConfusion against the consensus of the others (rows: consensus, columns: the annotator's label)");
        for (AnnotatorScore s : r.annotatorScores()) {
            confusion(sb, s);
        }

        line(sb, "%nFindings");
        if (r.findings().isEmpty()) {
            line(sb, "  none");
        }
        for (LabelReport.Finding f : r.findings()) {
            line(sb, "  %-7s %-20s %s", f.severity(), f.type(), f.message());
        }

        line(sb, "%nLabel book");
        if (r.labelBook().isEmpty()) {
            line(sb, "  (no project file: pass --project loupe.yaml to see the definitions)");
        }
        for (Project.Label l : r.labelBook()) {
            line(sb, "  %-12s %s", l.name(), l.definition().replace('\n', ' '));
        }
        line(sb, "%nDisagreements, worst first: %d of %d items%s", r.disagreements().size(), r.items(),
                shown(r.disagreements().size(), limit));
        for (Disagreement d : r.disagreements().stream().limit(limit).toList()) {
            line(sb, "  %-36s consensus %-10s %s   %s", d.item(), d.consensus(), num(d.confidence()), votes(d.votes()));
        }
        line(sb, "%nRe-label queue (consensus confidence below %s): %d items%s", num(r.threshold()),
                r.relabelQueue().size(), shown(r.relabelQueue().size(), limit));
        for (RelabelItem q : r.relabelQueue().stream().limit(limit).toList()) {
            line(sb, "  %-36s consensus %-10s %s   %s", q.item(), q.consensus(), num(q.confidence()), votes(q.votes()));
        }
        return sb.toString();
    }

    private static void confusion(StringBuilder sb, AnnotatorScore s) {
        List<String> labels = s.confusion().labels();
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %-16s", s.annotator()));
        labels.forEach(l -> head.append(String.format(Locale.ROOT, " %10s", l)));
        line(sb, "%s", head);
        for (int ref = 0; ref < labels.size(); ref++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "    %-14s", labels.get(ref)));
            for (int g = 0; g < labels.size(); g++) {
                row.append(String.format(Locale.ROOT, " %10d", s.confusion().count(ref, g)));
            }
            line(sb, "%s", row);
        }
    }

    /** A coefficient, or why it is undefined. */
    static String show(Agreement a) {
        return switch (a) {
            case Agreement.Measured m -> String.format(Locale.ROOT, "%6.3f  (%d items, observed %.3f, chance %.3f)",
                    m.value(), m.items(), m.observed(), m.expected());
            case Agreement.Undefined u -> "undefined: " + u.reason().text;
        };
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String votes(Map<String, String> votes) {
        return votes.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    private static String shown(int size, int limit) {
        return size > limit ? " (showing " + limit + "; --json lists all)" : "";
    }

    private static void line(StringBuilder sb, String format, Object... args) {
        sb.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
