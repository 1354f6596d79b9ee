package dev.loupe.edge.output;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.edge.decide.EdgeEvent;
import dev.loupe.edge.record.EdgeRecord;
import dev.loupe.edge.record.EdgeRecordJson;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON every output sends (docs/edge.md): a decision is the record with {@code "type": "decision"};
 * a stop is {@code {"type": "stop", "station", "time", "cause", "reason"}}.
 */
public final class EventJson {
    private EventJson() {
    }

    public static ObjectNode toJson(EdgeEvent e) {
        return switch (e) {
            case EdgeEvent.Decided d -> {
                ObjectNode n = EdgeRecordJson.JSON.createObjectNode();
                n.put("type", "decision");
                n.setAll(EdgeRecordJson.toJson(d.record()));
                yield n;
            }
            case EdgeEvent.LineStop s -> {
                ObjectNode n = EdgeRecordJson.JSON.createObjectNode();
                n.put("type", "stop");
                n.put("station", s.station());
                n.put("time", s.time().toString());
                n.put("cause", s.cause());
                n.put("reason", s.reason());
                yield n;
            }
        };
    }

    public static byte[] bytes(EdgeEvent e) {
        try {
            return EdgeRecordJson.JSON.writeValueAsBytes(toJson(e));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The record of a decision event (for outputs that filter on it). */
    public static java.util.Optional<EdgeRecord> record(EdgeEvent e) {
        return e instanceof EdgeEvent.Decided d ? java.util.Optional.of(d.record()) : java.util.Optional.empty();
    }
}
