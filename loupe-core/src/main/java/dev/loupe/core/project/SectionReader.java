package dev.loupe.core.project;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Typed, optional access to the fields of a stage's section of {@code loupe.yaml}; every error names
 * the line and the dotted field through {@link Project#error}. A missing field gives the caller's default.
 */
final class SectionReader {
    private final Project project;

    SectionReader(Project project) {
        this.project = project;
    }

    /** The section's map, empty when absent or null; an error when it is not a map or has unknown fields. */
    Optional<JsonNode> section(String name, Set<String> fields) {
        Optional<JsonNode> s = project.section(name).filter(n -> !n.isNull());
        s.ifPresent(n -> map(n, name, fields));
        return s;
    }

    /** The child map of {@code parent}, empty when absent or null; checked like {@link #section}. */
    Optional<JsonNode> child(JsonNode parent, String field, Set<String> fields) {
        JsonNode n = parent.get(last(field));
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        map(n, field, fields);
        return Optional.of(n);
    }

    private void map(JsonNode n, String field, Set<String> fields) {
        if (!n.isObject()) {
            throw project.error(field, "must be a map with " + String.join(", ", fields.stream().sorted().toList()));
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!fields.contains(f)) {
                throw project.error(field + "." + f, "unknown field (expected one of "
                        + String.join(", ", fields.stream().sorted().toList()) + ")");
            }
        }
    }

    double number(JsonNode parent, String field, double min, double max, double dflt) {
        JsonNode n = value(parent, field);
        if (n == null) {
            return dflt;
        }
        if (!n.isNumber()) {
            throw project.error(field, "must be a number (got '" + n.asText() + "')");
        }
        double v = n.asDouble();
        if (!(v >= min && v <= max)) {
            throw project.error(field, "must be between " + min + " and " + max + " (got " + v + ")");
        }
        return v;
    }

    int integer(JsonNode parent, String field, int min, int max, int dflt) {
        return (int) wholeNumber(parent, field, min, max, dflt);
    }

    long wholeNumber(JsonNode parent, String field, long min, long max, long dflt) {
        JsonNode n = value(parent, field);
        if (n == null) {
            return dflt;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < min || n.asLong() > max) {
            throw project.error(field, "must be a whole number from " + min + " to " + max + " (got '" + n.asText() + "')");
        }
        return n.asLong();
    }

    boolean bool(JsonNode parent, String field, boolean dflt) {
        JsonNode n = value(parent, field);
        if (n == null) {
            return dflt;
        }
        if (!n.isBoolean()) {
            throw project.error(field, "must be true or false (got '" + n.asText() + "')");
        }
        return n.asBoolean();
    }

    Optional<String> text(JsonNode parent, String field) {
        JsonNode n = value(parent, field);
        if (n == null) {
            return Optional.empty();
        }
        if (!n.isValueNode() || n.asText().isBlank()) {
            throw project.error(field, "must be a single non-empty value");
        }
        return Optional.of(n.asText().strip());
    }

    /** A list of names, each one of {@code allowed}; the default when absent. */
    List<String> names(JsonNode parent, String field, Set<String> allowed, List<String> dflt) {
        JsonNode n = value(parent, field);
        if (n == null) {
            return dflt;
        }
        if (!n.isArray()) {
            throw project.error(field, "must be a list such as [" + String.join(", ", dflt) + "]");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            String v = e.asText();
            if (!e.isValueNode() || !allowed.contains(v)) {
                throw project.error(field, "'" + v + "' is not one of " + allowed.stream().sorted().toList());
            }
            if (out.contains(v)) {
                throw project.error(field, "'" + v + "' is listed twice");
            }
            out.add(v);
        }
        return List.copyOf(out);
    }

    /** A duration such as {@code 30m}, {@code 12h}, {@code 7d}, {@code 90s}; the default when absent. */
    Duration duration(JsonNode parent, String field, Duration dflt) {
        return text(parent, field).map(t -> duration(field, t)).orElse(dflt);
    }

    Duration duration(String field, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw project.error(field, "must be a duration such as " + Durations.EXAMPLES + " (got '" + text + "')");
        }
    }

    ProjectException error(String field, String message) {
        return project.error(field, message);
    }

    private static JsonNode value(JsonNode parent, String field) {
        JsonNode n = parent.get(last(field));
        return n == null || n.isNull() ? null : n;
    }

    private static String last(String field) {
        return field.substring(field.lastIndexOf('.') + 1);
    }
}
