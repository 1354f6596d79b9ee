package dev.loupe.edge.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.edge.decide.EdgeEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLinesOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static EdgeEvent stop(String reason) {
        return new EdgeEvent.LineStop("st", Instant.parse("2025-01-01T00:00:00Z"), "rejects", reason);
    }

    @Test
    void open_afterATornLastLine_cutsItOffAndAppendsWholeLines() throws Exception {
        Path log = dir.resolve("events.jsonl");
        try (JsonLinesOutput out = new JsonLinesOutput(log)) {
            out.publish(stop("first"));
        }
        Files.writeString(log, "{\"type\":\"decided\",\"id\":\"st-", java.nio.file.StandardOpenOption.APPEND); // a power cut

        try (JsonLinesOutput out = new JsonLinesOutput(log)) {
            out.publish(stop("second"));
        }

        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        assertThat(JSON.readTree(lines.get(0)).toString()).contains("first");
        assertThat(JSON.readTree(lines.get(1)).toString()).contains("second");
    }

    @Test
    void open_aLogOfWholeLines_keepsEveryLine() throws Exception {
        Path log = dir.resolve("events.jsonl");
        for (String reason : List.of("first", "second")) {
            try (JsonLinesOutput out = new JsonLinesOutput(log)) {
                out.publish(stop(reason));
            }
        }
        assertThat(Files.readAllLines(log, StandardCharsets.UTF_8)).hasSize(2)
                .allSatisfy(l -> assertThat(JSON.readTree(l).isObject()).isTrue());
    }
}
