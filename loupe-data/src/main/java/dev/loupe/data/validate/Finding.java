package dev.loupe.data.validate;

import java.util.List;
import java.util.Map;

/**
 * One problem validation found.
 *
 * @param type     what kind of problem
 * @param severity how much it matters
 * @param message  one line for a person
 * @param files    the sample paths concerned, sorted (for aggregate findings, the samples that show it)
 * @param details  numbers and names a program can act on; values are strings, numbers, lists or maps
 */
public record Finding(FindingType type, Severity severity, String message, List<String> files,
                      Map<String, Object> details) {
    public Finding {
        files = files.stream().sorted().toList();
        details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
    }
}
