package dev.loupe.data.labels;

import dev.loupe.core.project.Project;
import dev.loupe.data.labels.LabelReport.Finding;
import dev.loupe.data.labels.LabelReport.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.loupe.data.labels.LabelCheck.percent;

/** Turns the measurements of a {@link LabelCheck} into findings, with the severities it documents. */
final class Findings {
    private Findings() {
    }

    static List<Finding> of(LabelTable table, List<Project.Label> labelBook, LabelReport.Agreements agreement,
                            LabelReport.ConsensusSummary consensus, List<Disagreement> disagreements,
                            List<RelabelItem> queue, List<AnnotatorBias> biases, double threshold) {
        List<Finding> f = new ArrayList<>();
        if (!labelBook.isEmpty()) {
            List<String> book = labelBook.stream().map(Project.Label::name).toList();
            for (String label : table.labels()) {
                if (!book.contains(label)) {
                    f.add(new Finding("unknown-label", Severity.ERROR, label,
                            "label '" + label + "' is not in the label book " + book + "; fix the labels or define it in loupe.yaml"));
                }
            }
        }
        if (table.annotatorCount() < 2) {
            f.add(new Finding("undefined-agreement", Severity.WARNING, "",
                    "only " + table.annotatorCount() + " annotator: agreement cannot be measured; have a second annotator label a sample"));
        } else {
            overall(f, agreement);
        }
        for (LabelReport.PairAgreement p : agreement.pairs()) {
            String subject = p.first() + "~" + p.second();
            switch (p.kappa()) {
                case Agreement.Undefined u -> f.add(new Finding("undefined-agreement", Severity.INFO, subject,
                        "Cohen's kappa of " + p.first() + " and " + p.second() + " is undefined: " + u.reason().text));
                case Agreement.Measured m when m.value() < LabelCheck.PAIR_KAPPA_WARNING ->
                        f.add(new Finding("low-agreement", Severity.WARNING, subject, String.format(Locale.ROOT,
                                "%s and %s agree with Cohen's kappa %.2f on %d items (below %.2f)",
                                p.first(), p.second(), m.value(), m.items(), LabelCheck.PAIR_KAPPA_WARNING)));
                case Agreement.Measured m -> {
                }
            }
        }
        int single = 0;
        for (int i = 0; i < table.itemCount(); i++) {
            single += table.ratings(i) == 1 ? 1 : 0;
        }
        if (single > 0 && table.annotatorCount() > 1) {
            f.add(new Finding("single-label-items", Severity.INFO, "",
                    single + " items have one label only: their agreement cannot be measured"));
        }
        if (!disagreements.isEmpty()) {
            double share = (double) disagreements.size() / table.itemCount();
            f.add(new Finding("disagreement", share > LabelCheck.DISAGREEMENT_WARNING_SHARE ? Severity.WARNING : Severity.INFO, "",
                    disagreements.size() + " of " + table.itemCount() + " items (" + percent(share)
                            + ") have disagreeing labels; worst first in the report"));
        }
        for (AnnotatorBias b : biases) {
            f.add(new Finding("annotator-bias", Severity.WARNING, b.annotator(), String.format(Locale.ROOT,
                    "%s labels %s of the %d items the others call '%s' as '%s' (other annotators: %s); "
                            + "go over the label book's definition of '%s' with them",
                    b.annotator(), percent(b.rate()), b.items(), b.referenceLabel(), b.givenLabel(),
                    percent(b.othersRate()), b.referenceLabel())));
        }
        if (!queue.isEmpty()) {
            f.add(new Finding("relabel", Severity.WARNING, "", String.format(Locale.ROOT,
                    "%d items have a consensus confidence below %.2f: re-label them", queue.size(), threshold)));
        }
        if (!consensus.converged()) {
            f.add(new Finding("not-converged", Severity.WARNING, "",
                    "the consensus did not converge in " + consensus.iterations() + " iterations; treat its confidences with care"));
        }
        return f;
    }

    private static void overall(List<Finding> f, LabelReport.Agreements agreement) {
        String name = agreement.headlineName();
        switch (agreement.headline()) {
            case Agreement.Undefined u -> f.add(new Finding("undefined-agreement", Severity.WARNING, "",
                    name + " is undefined: " + u.reason().text));
            case Agreement.Measured m when m.value() < LabelCheck.ALPHA_TENTATIVE ->
                    f.add(new Finding("low-agreement", Severity.ERROR, "", String.format(Locale.ROOT,
                            "%s is %.2f, below %.3f: the labels are not reliable enough to train or evaluate on",
                            name, m.value(), LabelCheck.ALPHA_TENTATIVE)));
            case Agreement.Measured m when m.value() < LabelCheck.ALPHA_RELIABLE ->
                    f.add(new Finding("low-agreement", Severity.WARNING, "", String.format(Locale.ROOT,
                            "%s is %.2f, below %.2f: conclusions from these labels are tentative",
                            name, m.value(), LabelCheck.ALPHA_RELIABLE)));
            case Agreement.Measured m -> {
            }
        }
    }
}
