package dev.loupe.edge.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.core.decision.Decision;
import dev.loupe.core.image.ImageStats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The wire and spool form of an {@link EdgeRecord}: one JSON object with snake_case fields, the form
 * {@code POST /v1/edge/records} takes (docs/edge.md). Stateless and thread-safe.
 */
public final class EdgeRecordJson {
    private EdgeRecordJson() {
    }

    public static final ObjectMapper JSON = new ObjectMapper();

    public static ObjectNode toJson(EdgeRecord r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", r.id());
        n.put("station", r.station());
        n.put("sequence", r.sequence());
        n.put("time", r.time().toString());
        n.put("source", r.source());
        n.put("model", r.model());
        n.put("version", r.version());
        if (r.score().isPresent()) {
            n.put("score", r.score().getAsDouble());
        } else {
            n.putNull("score");
        }
        n.put("label", r.label());
        n.put("decision", r.decision().wireName());
        n.put("reason", r.reason());
        n.put("via", r.via().name().toLowerCase(Locale.ROOT));
        n.put("latency_ns", r.latencyNanos());
        ObjectNode s = n.putObject("stats");
        for (String name : ImageStats.NAMES) {
            double v = r.stats().get(name);
            if (Double.isNaN(v)) {
                s.putNull(name); // unknown (an image that did not decode); JSON has no NaN
            } else {
                s.put(name, v);
            }
        }
        return n;
    }

    public static byte[] write(EdgeRecord r) {
        try {
            return JSON.writeValueAsBytes(toJson(r));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static EdgeRecord read(byte[] json) {
        try {
            return fromJson(JSON.readTree(json));
        } catch (IOException e) {
            throw new IllegalArgumentException("not an edge record: " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException naming the field that is missing or malformed */
    public static EdgeRecord fromJson(JsonNode n) {
        JsonNode score = n.get("score");
        JsonNode stats = n.get("stats");
        if (stats == null || !stats.isObject()) {
            throw new IllegalArgumentException("record " + n.path("id").asText() + " has no stats object");
        }
        double[] v = new double[ImageStats.NAMES.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = stats.path(ImageStats.NAMES.get(i)).asDouble(Double.NaN);
        }
        return new EdgeRecord(text(n, "id"), text(n, "station"), n.path("sequence").asLong(),
                Instant.parse(text(n, "time")), n.path("source").asText(""), n.path("model").asText(""),
                n.path("version").asText(""),
                score == null || score.isNull() ? OptionalDouble.empty() : OptionalDouble.of(score.asDouble()),
                n.path("label").asText(""), Decision.valueOf(text(n, "decision").toUpperCase(Locale.ROOT)),
                n.path("reason").asText(""), EdgeRecord.Via.valueOf(n.path("via").asText("none").toUpperCase(Locale.ROOT)),
                n.path("latency_ns").asLong(), new ImageStats(v[0], v[1], v[2], v[3], v[4], v[5], v[6]));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("record field '" + field + "' is missing or not a string");
        }
        return v.asText();
    }
}
