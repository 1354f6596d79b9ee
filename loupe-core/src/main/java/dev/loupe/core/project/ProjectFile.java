package dev.loupe.core.project;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and validates {@code loupe.yaml}. Every error names the line and the field; unknown fields are
 * errors (a typo must not silently become a default).
 */
public final class ProjectFile {

    /** Sections owned by later stages; validated by the stage that reads them. */
    public static final Set<String> STAGE_SECTIONS =
            Set.of("data", "training", "decision", "serving", "monitoring", "retraining", "gate", "edge");

    private static final Set<String> CORE_FIELDS = Set.of("name", "task", "x", "y", "targets", "baselines");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ProjectFile() {
    }

    public static Project load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new ProjectException(file.toString(), 0, "", "cannot read: " + e.getMessage());
        }
    }

    /** The commented template {@code loupe init} writes. */
    public static String template() {
        try (InputStream in = ProjectFile.class.getResourceAsStream("loupe.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the project template is missing from the build", e);
        }
    }

    public static Project parse(String yaml, String source) {
        Map<String, Integer> lines = lineMap(yaml, source);
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ProjectException(source, e.getLocation() == null ? 0 : e.getLocation().getLineNr(), "",
                    e.getOriginalMessage());
        }
        Reader r = new Reader(source, lines);
        if (root == null || !root.isObject()) {
            throw new ProjectException(source, 1, "", "expected a map with name, task, x, y, targets");
        }
        Map<String, JsonNode> sections = new LinkedHashMap<>();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (STAGE_SECTIONS.contains(f)) {
                sections.put(f, root.get(f));
            } else if (!CORE_FIELDS.contains(f)) {
                throw r.error(f, "unknown field (expected one of " + String.join(", ", sorted(CORE_FIELDS))
                        + " or a stage section: " + String.join(", ", sorted(STAGE_SECTIONS)) + ")");
            }
        }
        String name = r.text(root, "name", true);
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw r.error("name", "must be 1-64 letters, digits, '.', '_' or '-' (got '" + name + "')");
        }
        String taskText = r.text(root, "task", true);
        Project.Task task = null;
        for (Project.Task t : Project.Task.values()) {
            if (t.yamlName.equals(taskText)) {
                task = t;
            }
        }
        if (task == null) {
            throw r.error("task", "must be binary-classification or multiclass-classification (got '" + taskText + "')");
        }

        JsonNode x = r.object(root, "x", Set.of("description", "width", "height", "colour"));
        int width = r.integer(x, "x.width", 8, 4096);
        int height = r.integer(x, "x.height", 8, 4096);
        String colourText = r.text(x, "x.colour", true).toLowerCase(Locale.ROOT);
        Project.Colour colour = switch (colourText) {
            case "rgb" -> Project.Colour.RGB;
            case "grayscale", "greyscale", "gray", "grey" -> Project.Colour.GRAYSCALE;
            default -> throw r.error("x.colour", "must be rgb or grayscale (got '" + colourText + "')");
        };
        Project.Inputs inputs = new Project.Inputs(r.text(x, "x.description", false), width, height, colour);

        JsonNode y = r.object(root, "y", Set.of("positive", "labels"));
        JsonNode labelsNode = y.get("labels");
        if (labelsNode == null || !labelsNode.isObject() || labelsNode.size() < 2) {
            throw r.error("y.labels", "must map at least two label names to their definitions");
        }
        List<Project.Label> labels = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = labelsNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = "y.labels." + e.getKey();
            if (!e.getKey().matches("[a-z0-9][a-z0-9_-]{0,31}")) {
                throw r.error(field, "label names are 1-32 lowercase letters, digits, '_' or '-'");
            }
            JsonNode def = e.getValue();
            String definition;
            if (def != null && def.isTextual()) {
                definition = def.asText();
            } else if (def != null && def.isObject()) {
                r.onlyFields(def, field, Set.of("definition"));
                definition = r.text(def, field + ".definition", true);
            } else {
                throw r.error(field, "needs a written definition (the label book)");
            }
            if (definition.isBlank()) {
                throw r.error(field, "needs a written definition (the label book)");
            }
            labels.add(new Project.Label(e.getKey(), definition.strip()));
        }
        String positive = r.text(y, "y.positive", true);
        if (labels.stream().noneMatch(l -> l.name().equals(positive))) {
            throw r.error("y.positive", "'" + positive + "' is not one of the labels "
                    + labels.stream().map(Project.Label::name).toList());
        }
        if (task == Project.Task.BINARY_CLASSIFICATION && labels.size() != 2) {
            throw r.error("y.labels", "binary-classification needs exactly two labels (got " + labels.size() + ")");
        }

        JsonNode t = r.object(root, "targets", Set.of("recall", "false_reject_rate", "p99_latency_ms", "throughput_per_second"));
        Project.Targets targets = new Project.Targets(
                r.number(t, "targets.recall", 0, 1),
                r.number(t, "targets.false_reject_rate", 0, 1),
                r.number(t, "targets.p99_latency_ms", 0.001, 3_600_000),
                r.number(t, "targets.throughput_per_second", 0.001, 1e9));

        Project.Baselines baselines = new Project.Baselines(Optional.empty(), Optional.empty());
        if (root.has("baselines") && !root.get("baselines").isNull()) {
            JsonNode b = r.object(root, "baselines", Set.of("human_level_recall", "rule_based_recall"));
            baselines = new Project.Baselines(r.optionalNumber(b, "baselines.human_level_recall", 0, 1),
                    r.optionalNumber(b, "baselines.rule_based_recall", 0, 1));
        }
        return new Project(name, task, inputs, labels, positive, targets, baselines, sections, lines, source);
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }

    /** Maps every dotted field path to the line its value starts on. */
    private static Map<String, Integer> lineMap(String yaml, String source) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = YAML.getFactory().createParser(yaml)) {
            Deque<String> path = new ArrayDeque<>();
            Deque<Boolean> inArray = new ArrayDeque<>();
            JsonToken tok;
            while ((tok = p.nextToken()) != null) {
                switch (tok) {
                    case FIELD_NAME -> {
                        path.addLast(p.currentName());
                        lines.put(String.join(".", path), p.currentLocation().getLineNr());
                    }
                    case START_OBJECT, START_ARRAY -> inArray.push(tok == JsonToken.START_ARRAY);
                    case END_OBJECT, END_ARRAY -> {
                        inArray.pop();
                        popField(path, inArray);
                    }
                    default -> popField(path, inArray);
                }
            }
        } catch (JsonProcessingException e) {
            throw new ProjectException(source, e.getLocation() == null ? 0 : e.getLocation().getLineNr(), "",
                    e.getOriginalMessage());
        } catch (IOException e) {
            throw new ProjectException(source, 0, "", e.getMessage());
        }
        return lines;
    }

    /** After a value ends, its field name leaves the path, unless the value was an element of a list. */
    private static void popField(Deque<String> path, Deque<Boolean> inArray) {
        if (inArray.isEmpty() || !inArray.peek()) {
            path.pollLast();
        }
    }

    /** Typed access to fields with errors that name the line. */
    private record Reader(String source, Map<String, Integer> lines) {
        ProjectException error(String field, String message) {
            return new ProjectException(source, lines.getOrDefault(field, 0), field, message);
        }

        private String parentLine(String field) {
            int dot = field.lastIndexOf('.');
            return dot < 0 ? "" : field.substring(0, dot);
        }

        private JsonNode child(JsonNode parent, String field) {
            return parent.get(field.substring(field.lastIndexOf('.') + 1));
        }

        private ProjectException missing(String field) {
            String parent = parentLine(field);
            return new ProjectException(source, lines.getOrDefault(parent, 0), field, "is required");
        }

        String text(JsonNode parent, String field, boolean required) {
            JsonNode n = child(parent, field);
            if (n == null || n.isNull()) {
                if (required) {
                    throw missing(field);
                }
                return "";
            }
            if (!n.isValueNode()) {
                throw error(field, "must be a single value");
            }
            return n.asText();
        }

        JsonNode object(JsonNode parent, String field, Set<String> allowed) {
            JsonNode n = child(parent, field);
            if (n == null || n.isNull()) {
                throw missing(field);
            }
            if (!n.isObject()) {
                throw error(field, "must be a map");
            }
            onlyFields(n, field, allowed);
            return n;
        }

        void onlyFields(JsonNode n, String field, Set<String> allowed) {
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!allowed.contains(f)) {
                    throw error(field + "." + f, "unknown field (expected one of " + String.join(", ", sorted(allowed)) + ")");
                }
            }
        }

        int integer(JsonNode parent, String field, int min, int max) {
            JsonNode n = child(parent, field);
            if (n == null || n.isNull()) {
                throw missing(field);
            }
            if (!n.canConvertToInt() || !n.isIntegralNumber()) {
                throw error(field, "must be a whole number (got '" + n.asText() + "')");
            }
            int v = n.asInt();
            if (v < min || v > max) {
                throw error(field, "must be between " + min + " and " + max + " (got " + v + ")");
            }
            return v;
        }

        double number(JsonNode parent, String field, double min, double max) {
            return optionalNumber(parent, field, min, max).orElseThrow(() -> missing(field));
        }

        Optional<Double> optionalNumber(JsonNode parent, String field, double min, double max) {
            JsonNode n = child(parent, field);
            if (n == null || n.isNull()) {
                return Optional.empty();
            }
            if (!n.isNumber()) {
                throw error(field, "must be a number (got '" + n.asText() + "')");
            }
            double v = n.asDouble();
            if (v < min || v > max) {
                throw error(field, "must be between " + fmt(min) + " and " + fmt(max) + " (got " + fmt(v) + ")");
            }
            return Optional.of(v);
        }

        private static String fmt(double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        }
    }
}
