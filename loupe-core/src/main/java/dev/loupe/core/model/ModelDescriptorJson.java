package dev.loupe.core.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code loupe-model.json}: the descriptor's stable JSON shape (documented in {@code docs/model-package.md}).
 * Field names are snake_case and never renamed; maps are written in key order so the same descriptor
 * always gives the same bytes (the package's identity is a hash over them).
 */
public final class ModelDescriptorJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelDescriptorJson() {
    }

    public static String write(ModelDescriptor d) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", ModelDescriptor.FORMAT);
        root.put("name", d.name());
        ArrayNode labels = root.putArray("labels");
        d.labels().forEach(labels::add);
        root.put("positive", d.positive());
        ObjectNode input = root.putObject("input");
        input.put("name", d.input().name());
        input.put("layout", "NCHW");
        input.put("width", d.input().width());
        input.put("height", d.input().height());
        input.put("colour", d.input().colour().name().toLowerCase(Locale.ROOT));
        input.put("interpolation", "bilinear");
        ObjectNode norm = input.putObject("normalisation");
        norm.put("scale", d.input().normalisation().scale());
        d.input().normalisation().mean().forEach(norm.putArray("mean")::add);
        d.input().normalisation().std().forEach(norm.putArray("std")::add);
        ObjectNode outputs = root.putObject("outputs");
        outputs.put("score", d.scoreOutput());
        d.embeddingOutput().ifPresent(e -> outputs.put("embedding", e));
        ObjectNode decision = root.putObject("decision");
        decision.put("threshold", d.threshold());
        d.reviewBand().ifPresent(b -> {
            ObjectNode band = decision.putObject("review_band");
            band.put("low", b.low());
            band.put("high", b.high());
        });
        ObjectNode lineage = root.putObject("lineage");
        ModelDescriptor.Lineage l = d.lineage();
        lineage.put("dataset", l.dataset());
        lineage.put("trainer", l.trainer());
        new TreeMap<>(l.params()).forEach(lineage.putObject("params")::put);
        lineage.put("seed", l.seed());
        lineage.put("code_version", l.codeVersion());
        new TreeMap<>(l.libraries()).forEach(lineage.putObject("libraries")::put);
        new TreeMap<>(d.metrics()).forEach(root.putObject("metrics")::put);
        root.put("created_at", d.createdAt().toString());
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree failed to serialise", e);
        }
    }

    /**
     * Reads a descriptor.
     *
     * @throws ModelPackageException naming the field that is missing or wrong
     */
    public static ModelDescriptor read(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ModelPackageException("loupe-model.json is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ModelPackageException("loupe-model.json must be a JSON object");
        }
        int format = root.path("format").asInt(-1);
        if (format != ModelDescriptor.FORMAT) {
            throw new ModelPackageException("loupe-model.json has format " + root.path("format")
                    + "; this Loupe reads format " + ModelDescriptor.FORMAT);
        }
        try {
            JsonNode in = node(root, "input");
            JsonNode norm = node(in, "normalisation");
            String colourText = text(in, "colour");
            ModelDescriptor.Colour colour = switch (colourText) {
                case "rgb" -> ModelDescriptor.Colour.RGB;
                case "grayscale" -> ModelDescriptor.Colour.GRAYSCALE;
                default -> throw new ModelPackageException("input.colour must be rgb or grayscale, got '" + colourText + "'");
            };
            if (in.has("layout") && !in.get("layout").asText().equals("NCHW")) {
                throw new ModelPackageException("input.layout must be NCHW, got " + in.get("layout"));
            }
            ModelDescriptor.Input input = new ModelDescriptor.Input(text(in, "name"), integer(in, "width"),
                    integer(in, "height"), colour,
                    new ModelDescriptor.Normalisation(number(norm, "scale"), numbers(norm, "mean"), numbers(norm, "std")));
            JsonNode outputs = node(root, "outputs");
            JsonNode decision = node(root, "decision");
            Optional<ModelDescriptor.ReviewBand> band = Optional.empty();
            if (decision.hasNonNull("review_band")) {
                JsonNode b = decision.get("review_band");
                band = Optional.of(new ModelDescriptor.ReviewBand(number(b, "low"), number(b, "high")));
            }
            JsonNode l = node(root, "lineage");
            ModelDescriptor.Lineage lineage = new ModelDescriptor.Lineage(l.path("dataset").asText(""),
                    text(l, "trainer"), strings(l.path("params")), l.path("seed").asLong(0),
                    l.path("code_version").asText("unknown"), strings(l.path("libraries")));
            Map<String, Double> metrics = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("metrics").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                metrics.put(e.getKey(), e.getValue().asDouble());
            }
            List<String> labels = new ArrayList<>();
            node(root, "labels").forEach(n -> labels.add(n.asText()));
            return new ModelDescriptor(text(root, "name"), labels, text(root, "positive"), input,
                    text(outputs, "score"), Optional.ofNullable(outputs.get("embedding")).map(JsonNode::asText),
                    number(decision, "threshold"), band, lineage, metrics, Instant.parse(text(root, "created_at")));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new ModelPackageException("loupe-model.json: " + e.getMessage(), e);
        }
    }

    private static JsonNode node(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            throw new ModelPackageException("loupe-model.json: missing field '" + field + "'");
        }
        return n;
    }

    private static String text(JsonNode parent, String field) {
        JsonNode n = node(parent, field);
        if (!n.isTextual()) {
            throw new ModelPackageException("loupe-model.json: '" + field + "' must be a string");
        }
        return n.asText();
    }

    private static double number(JsonNode parent, String field) {
        JsonNode n = node(parent, field);
        if (!n.isNumber()) {
            throw new ModelPackageException("loupe-model.json: '" + field + "' must be a number");
        }
        return n.asDouble();
    }

    private static int integer(JsonNode parent, String field) {
        JsonNode n = node(parent, field);
        if (!n.isIntegralNumber()) {
            throw new ModelPackageException("loupe-model.json: '" + field + "' must be a whole number");
        }
        return n.asInt();
    }

    private static List<Double> numbers(JsonNode parent, String field) {
        List<Double> out = new ArrayList<>();
        node(parent, field).forEach(n -> out.add(n.asDouble()));
        return out;
    }

    private static Map<String, String> strings(JsonNode obj) {
        Map<String, String> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }
}
