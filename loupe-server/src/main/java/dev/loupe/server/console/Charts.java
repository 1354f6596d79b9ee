package dev.loupe.server.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * Chart.js configurations built on the server and drawn by {@code console.js}: a {@code <canvas>} whose
 * {@code data-chart} attribute holds the configuration as JSON (escaped like any attribute value).
 */
final class Charts {
    static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode config = JSON.createObjectNode();
    private final ArrayNode datasets;

    private Charts(String type, List<String> labels) {
        config.put("type", type);
        ObjectNode data = config.putObject("data");
        ArrayNode l = data.putArray("labels");
        labels.forEach(l::add);
        datasets = data.putArray("datasets");
    }

    static Charts line(List<String> labels) {
        return new Charts("line", labels);
    }

    static Charts bar(List<String> labels) {
        return new Charts("bar", labels);
    }

    /** A series; {@code style} sets Chart.js dataset options (colour, fill, dash, point style...). */
    Charts series(String label, double[] values, Map<String, Object> style) {
        ObjectNode d = datasets.addObject();
        d.put("label", label);
        ArrayNode v = d.putArray("data");
        for (double x : values) {
            if (Double.isNaN(x)) {
                v.addNull();
            } else {
                v.add(x);
            }
        }
        style.forEach((k, val) -> d.set(k, JSON.valueToTree(val)));
        return this;
    }

    Charts stacked() {
        ObjectNode scales = config.putObject("options").putObject("scales");
        scales.putObject("x").put("stacked", true);
        scales.putObject("y").put("stacked", true);
        return this;
    }

    Charts yTitle(String title) {
        ObjectNode options = config.has("options") ? (ObjectNode) config.get("options") : config.putObject("options");
        ObjectNode scales = options.has("scales") ? (ObjectNode) options.get("scales") : options.putObject("scales");
        ObjectNode y = scales.has("y") ? (ObjectNode) scales.get("y") : scales.putObject("y");
        y.putObject("title").put("display", true).put("text", title);
        return this;
    }

    /** Writes the canvas, with an id for tests and people. */
    void into(Html h, String id) {
        h.raw("<div class=\"chart-box\"><canvas").attr("id", id).attr("data-chart", config.toString()).raw("></canvas></div>");
    }
}
