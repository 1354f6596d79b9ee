package dev.loupe.edge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.edge.metrics.EdgeMetrics;
import dev.loupe.edge.spool.Spool;
import dev.loupe.edge.spool.SpoolConfig;
import dev.loupe.edge.start.StartupTimes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON line the agent prints when it stops: one line, and unknowns are null, as in every Loupe JSON. */
class SummaryTest {
    @TempDir
    Path dir;

    @Test
    void print_noDecisionYet_isOneJsonLineWithFirstDecisionNull() throws Exception {
        StartupTimes startup = new StartupTimes();
        startup.mark("model");
        StringWriter text = new StringWriter();
        try (Spool spool = Spool.open(dir, SpoolConfig.defaults())) {
            Summary.print(new PrintWriter(text), 0, 1.5, 0, startup, spool, new EdgeMetrics("st1"));
        }

        assertThat(text.toString().strip()).doesNotContain("\n");
        JsonNode n = new ObjectMapper().readTree(text.toString());
        assertThat(n.path("frames").asLong()).isZero();
        assertThat(n.path("seconds").asDouble()).isEqualTo(1.5);
        assertThat(n.has("first_decision_ms")).isTrue();
        assertThat(n.path("first_decision_ms").isNull()).isTrue();
        assertThat(n.path("startup_ms").path("model").isNumber()).isTrue();
        assertThat(n.path("peak_rss_kb").isNull() || n.path("peak_rss_kb").asLong() > 0).isTrue();
    }
}
