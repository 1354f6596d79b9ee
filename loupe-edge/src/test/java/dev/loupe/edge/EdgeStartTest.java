package dev.loupe.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.edge.cli.EdgeMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** How the agent starts: the model loading beside the rest, and the summary saying where the start went. */
class EdgeStartTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void edge_localModel_summaryReportsTheFirstDecisionAndEachStartStep() throws Exception {
        Path zip = dir.resolve("covers.zip");
        TestPackages.covers("covers", 0.59, Optional.empty()).writeZip(zip);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = EdgeMain.run(new PrintWriter(out), new PrintWriter(err), "edge", "--source", "synthetic:stable", "--size", "32",
                "--model", zip.toString(), "--state", dir.resolve("state").toString(), "--listen", "127.0.0.1:0",
                "--no-status", "--sync-interval-s", "0", "--max-frames", "3");

        assertThat(exit).as(err.toString()).isZero();
        JsonNode summary = new ObjectMapper().readTree(out.toString().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow());
        assertThat(summary.path("frames").asLong()).isEqualTo(3);
        JsonNode steps = summary.path("startup_ms");
        assertThat(steps.has("parsed") && steps.has("model_warm") && steps.has("spool") && steps.has("ready")).as(steps.toString()).isTrue();
        assertThat(steps.path("model_warm").asLong()).isLessThanOrEqualTo(steps.path("ready").asLong());
        assertThat(summary.path("first_decision_ms").asLong()).isGreaterThanOrEqualTo(steps.path("ready").asLong());
        assertThat(summary.path("cpu_ms").asLong()).isPositive();
    }
}
