package dev.loupe.data.labels;

import dev.loupe.core.project.Project;

import java.util.List;
import java.util.Optional;

/**
 * What {@link LabelCheck} found about a label table: agreement, the consensus, each annotator's
 * human-level performance, disagreements worst first beside the label book, the re-label queue and the
 * findings. Rendered by {@link LabelReportText} and {@link LabelReportJson}. Immutable.
 *
 * @param source         what was checked ({@code NAME@VERSION} or a manifest path)
 * @param items          items with at least one label
 * @param annotators     annotator names
 * @param labels         every label given, in code order
 * @param labelBook      the project's label definitions (empty without a project file)
 * @param positive       the project's positive label, if known
 * @param threshold      the consensus confidence below which an item is queued for re-labelling
 */
public record LabelReport(String source, int items, List<String> annotators, List<String> labels,
                          List<Project.Label> labelBook, Optional<String> positive, double threshold,
                          Agreements agreement, ConsensusSummary consensus, List<AnnotatorScore> annotatorScores,
                          HumanLevel humanLevel, List<Disagreement> disagreements, List<RelabelItem> relabelQueue,
                          List<AnnotatorBias> biases, List<Finding> findings) {

    public LabelReport {
        annotators = List.copyOf(annotators);
        labels = List.copyOf(labels);
        labelBook = List.copyOf(labelBook);
        annotatorScores = List.copyOf(annotatorScores);
        disagreements = List.copyOf(disagreements);
        relabelQueue = List.copyOf(relabelQueue);
        biases = List.copyOf(biases);
        findings = List.copyOf(findings);
    }

    /** True when a finding is an error: the command exits 1. */
    public boolean failed() {
        return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }

    /** How bad a finding is. ERROR fails the check. */
    public enum Severity { INFO, WARNING, ERROR }

    /**
     * One thing the check found.
     *
     * @param type     stable kebab-case identifier: {@code low-agreement}, {@code undefined-agreement},
     *                 {@code disagreement}, {@code annotator-bias}, {@code relabel}, {@code unknown-label},
     *                 {@code single-label-items}, {@code not-converged}
     * @param subject  what it is about (an annotator, a pair {@code a~b}, a label), empty for the whole table
     */
    public record Finding(String type, Severity severity, String subject, String message) {
    }

    /** Cohen's kappa of one pair of annotators. */
    public record PairAgreement(String first, String second, Agreement kappa) {
    }

    /**
     * @param pairs    Cohen's kappa for every pair of annotators
     * @param fleiss   Fleiss' kappa over all annotators
     * @param alpha    Krippendorff's alpha (nominal)
     * @param complete every item labelled by every annotator
     */
    public record Agreements(List<PairAgreement> pairs, Agreement fleiss, Agreement alpha, boolean complete) {
        public Agreements {
            pairs = List.copyOf(pairs);
        }

        /** The overall coefficient to read: Fleiss' kappa on a complete table, Krippendorff's alpha otherwise. */
        public Agreement headline() {
            return complete ? fleiss : alpha;
        }

        public String headlineName() {
            return complete ? "Fleiss' kappa" : "Krippendorff's alpha";
        }
    }

    /**
     * @param method              how the consensus was computed
     * @param iterations          EM iterations run
     * @param converged           whether EM converged
     * @param differsFromMajority items whose consensus differs from the plain majority vote
     */
    public record ConsensusSummary(String method, int iterations, boolean converged, int differsFromMajority) {
    }
}
