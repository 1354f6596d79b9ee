package dev.loupe.data.validate;

import java.util.List;
import java.util.Map;

/**
 * The result of validating a dataset version. Its JSON form ({@link ReportJson}) is a stable schema,
 * documented in {@code docs/data-validation.md}.
 *
 * @param dataset     the version, {@code NAME@<full id>}
 * @param verdict     pass, warn or fail
 * @param samples     samples in the version
 * @param readable    of which readable images
 * @param splitCounts samples per split
 * @param labelCounts samples per label ({@code ""} for unlabelled)
 * @param findings    every finding, errors first, then by type
 * @param statistics  per-image statistic distributions
 */
public record ValidationReport(String dataset, Verdict verdict, int samples, int readable,
                               Map<String, Integer> splitCounts, Map<String, Integer> labelCounts,
                               List<Finding> findings, StatisticsSummary statistics) {
    public ValidationReport {
        findings = List.copyOf(findings);
    }

    /** The findings of one type. */
    public List<Finding> findings(FindingType type) {
        return findings.stream().filter(f -> f.type() == type).toList();
    }
}
