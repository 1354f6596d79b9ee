package dev.loupe.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What a command's {@code --json} prints: one indented JSON document on stdout and nothing else there
 * (errors still go to stderr with a non-zero exit, as without {@code --json}).
 *
 * <p>The conventions every listing and {@code show} command follows, as {@code loupe eval --json} does:
 * snake_case field names that do not change once released; numbers as JSON numbers; times as ISO-8601
 * instants in UTC ({@code 2024-05-01T12:00:00.123Z}); a value that is unknown or undefined (no end time
 * yet, no description, a NaN metric) is {@code null}, never left out; an empty collection is {@code []}
 * or {@code {}}, and an empty listing is a document with an empty array, not a message. A NaN or
 * infinite number anywhere in a document is printed as {@code null}, never as the bare token {@code NaN}.
 */
public final class JsonOutput {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonOutput() {
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** A tree of {@code value}: maps, lists, strings, numbers and nulls as Jackson maps them. */
    public static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }

    /** Prints {@code doc} as {@link #text} does, and a newline, and flushes. */
    public static void print(PrintWriter out, JsonNode doc) {
        out.println(text(doc));
        out.flush();
    }

    /**
     * {@code doc}, indented, with every NaN or infinite number written as {@code null}: JSON has no spelling
     * for them, and a tree built elsewhere ({@link #tree} of a record, a report from another module) may hold
     * one. {@code doc} itself is left as it is.
     */
    public static String text(JsonNode doc) {
        try {
            return JSON.writeValueAsString(finite(doc));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree failed to serialise", e);
        }
    }

    private static JsonNode finite(JsonNode n) {
        if (n.isFloatingPointNumber() && !Double.isFinite(n.doubleValue())) {
            return NullNode.getInstance();
        }
        if (n instanceof ObjectNode o) {
            ObjectNode copy = o.objectNode();
            o.fields().forEachRemaining(e -> copy.set(e.getKey(), finite(e.getValue())));
            return copy;
        }
        if (n instanceof ArrayNode a) {
            ArrayNode copy = a.arrayNode();
            a.forEach(x -> copy.add(finite(x)));
            return copy;
        }
        return n;
    }

    /** Prints a listing: {@code {"<field>": [item(x) for each x]}}, the array empty when {@code items} is. */
    public static <T> void printList(PrintWriter out, String field, List<T> items, Function<T, ? extends JsonNode> item) {
        ObjectNode root = object();
        ArrayNode array = root.putArray(field);
        items.forEach(x -> array.add(item.apply(x)));
        print(out, root);
    }

    /** {@code field}: the instant in ISO-8601, or null. */
    public static ObjectNode time(ObjectNode n, String field, Instant t) {
        return t == null ? n.putNull(field) : n.put(field, t.toString());
    }

    /** {@code field}: the number, or null when it is NaN or infinite (JSON has no spelling for them). */
    public static ObjectNode number(ObjectNode n, String field, double v) {
        return Double.isFinite(v) ? n.put(field, v) : n.putNull(field);
    }

    /** {@code field}: an object of the map's entries, sorted by key. */
    public static ObjectNode strings(ObjectNode n, String field, Map<String, String> m) {
        ObjectNode o = n.putObject(field);
        new TreeMap<>(m).forEach(o::put);
        return n;
    }
}
