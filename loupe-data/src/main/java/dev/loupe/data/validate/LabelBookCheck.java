package dev.loupe.data.validate;

import dev.loupe.core.dataset.Sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Labels outside the project's label book ({@code loupe.yaml}'s {@code labels}): training and evaluation
 * leave those samples out, so a set labelled {@code good}/{@code bad} for a project of {@code ok}/{@code defect}
 * would pass validation and then train on nothing. An error when no labelled sample carries a project label,
 * else a warning. Unlabelled samples are {@link LabelCheck}'s.
 */
final class LabelBookCheck implements Check {
    private final List<String> labelBook;

    /** @param labelBook the project's labels, not empty */
    LabelBookCheck(List<String> labelBook) {
        if (labelBook.isEmpty()) {
            throw new IllegalArgumentException("the label book is empty");
        }
        this.labelBook = List.copyOf(labelBook);
    }

    @Override
    public List<Finding> run(List<Sample> samples) {
        Map<String, Integer> unknown = new TreeMap<>();
        List<String> files = new ArrayList<>();
        int known = 0;
        for (Sample s : samples) {
            if (s.label().isEmpty()) {
                continue;
            }
            if (labelBook.contains(s.label().get())) {
                known++;
            } else {
                unknown.merge(s.label().get(), 1, Integer::sum);
                files.add(s.path());
            }
        }
        if (unknown.isEmpty()) {
            return List.of();
        }
        Severity severity = known == 0 ? Severity.ERROR : Severity.WARNING;
        String counts = unknown.entrySet().stream().map(e -> "'" + e.getKey() + "' " + e.getValue())
                .collect(Collectors.joining(", "));
        String message = files.size() + " samples have a label not in the project's (" + String.join(", ", labelBook)
                + "): " + counts + (known == 0 ? "; no sample has a project label, training has nothing to learn from"
                : "; training leaves them out");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("counts", unknown);
        details.put("count", files.size());
        details.put("project_labels", labelBook);
        return List.of(new Finding(FindingType.UNKNOWN_LABEL, severity, message, files, details));
    }
}
