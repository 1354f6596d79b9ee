package dev.loupe.data.labels;

import dev.loupe.core.project.Project;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks the quality of a label table: agreement between annotators, a Dawid-Skene consensus, human-level
 * performance, annotator bias, disagreements and the re-label queue, and turns them into findings.
 *
 * <p>Severities: overall agreement (Fleiss' kappa on a complete table, else Krippendorff's alpha) below
 * 0.667 is an error and below 0.8 a warning, Krippendorff's (2004) thresholds for tentative and reliable
 * conclusions; a label missing from the label book is an error; a pair of annotators below kappa 0.6
 * ("moderate" or worse, Landis and Koch 1977), a biased annotator, items to re-label and disagreement on
 * more than 5% of items are warnings. An undefined coefficient (see {@link Agreement.Reason}) is reported
 * as such, never as a number.
 */
public final class LabelCheck {

    public static final double DEFAULT_THRESHOLD = 0.8;
    static final double ALPHA_RELIABLE = 0.8;
    static final double ALPHA_TENTATIVE = 0.667;
    static final double PAIR_KAPPA_WARNING = 0.6;
    static final double DISAGREEMENT_WARNING_SHARE = 0.05;

    private LabelCheck() {
    }

    /** Checks a table against a project's label book and positive label. */
    public static LabelReport run(LabelTable table, Project project, double threshold, String source) {
        return run(table, project.labels(), Optional.of(project.positive()), threshold, source);
    }

    /** Checks a table; an empty label book and positive skip the checks that need them. */
    public static LabelReport run(LabelTable table, List<Project.Label> labelBook, Optional<String> positive,
                                  double threshold, String source) {
        if (table.itemCount() == 0) {
            throw new IllegalArgumentException(source + " has no annotator labels (expected annotator_* columns or sample annotations)");
        }
        List<LabelReport.PairAgreement> pairs = new ArrayList<>();
        for (int a = 0; a < table.annotatorCount(); a++) {
            for (int b = a + 1; b < table.annotatorCount(); b++) {
                pairs.add(new LabelReport.PairAgreement(table.annotators().get(a), table.annotators().get(b),
                        CohenKappa.between(table, a, b)));
            }
        }
        LabelReport.Agreements agreement = new LabelReport.Agreements(pairs, FleissKappa.of(table),
                KrippendorffAlpha.nominal(table), table.complete());
        Consensus consensus = DawidSkene.fit(table);
        int[] majority = MajorityVote.of(table);
        int differs = 0;
        for (int i = 0; i < majority.length; i++) {
            differs += majority[i] == consensus.label(i) ? 0 : 1;
        }
        LabelReport.ConsensusSummary summary = new LabelReport.ConsensusSummary(
                "Dawid-Skene EM (per-annotator confusion matrices)", consensus.iterations(), consensus.converged(), differs);
        Optional<String> knownPositive = positive.filter(p -> table.labels().contains(p));
        List<AnnotatorScore> scores = AnnotatorScore.of(consensus, knownPositive);
        List<Disagreement> disagreements = Disagreement.of(consensus);
        List<RelabelItem> queue = RelabelItem.queue(consensus, threshold);
        List<AnnotatorBias> biases = AnnotatorBias.find(scores);
        List<LabelReport.Finding> findings = Findings.of(table, labelBook, agreement, summary, disagreements,
                queue, biases, threshold);
        return new LabelReport(source, table.itemCount(), table.annotators(), table.labels(), labelBook, positive,
                threshold, agreement, summary, scores, HumanLevel.of(scores, knownPositive), disagreements, queue,
                biases, findings);
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * share);
    }
}
