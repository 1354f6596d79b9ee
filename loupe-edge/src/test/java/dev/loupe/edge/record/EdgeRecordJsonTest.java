package dev.loupe.edge.record;

import dev.loupe.core.decision.Decision;
import dev.loupe.core.image.ImageStats;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

class EdgeRecordJsonTest {

    @Test
    void write_unknownStatistics_areJsonNulls_andReadBackAsNaN() {
        EdgeRecord r = new EdgeRecord("st1-1", "st1", 1, Instant.parse("2026-12-07T10:00:00Z"), "cam", "m", "1",
                OptionalDouble.empty(), "", Decision.REVIEW, "no model answered", EdgeRecord.Via.NONE, 1000,
                new ImageStats(Double.NaN, 0.2, Double.NaN, 0.5, 0.5, 0.5, 0));

        byte[] json = EdgeRecordJson.write(r);
        EdgeRecord back = EdgeRecordJson.read(json);

        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"brightness\":null", "\"sharpness\":null")
                .doesNotContain("NaN");
        assertThat(back.stats().brightness()).isNaN();
        assertThat(back.stats().sharpness()).isNaN();
        assertThat(back.stats().contrast()).isEqualTo(0.2);
    }
}
