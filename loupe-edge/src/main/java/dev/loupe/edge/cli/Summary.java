package dev.loupe.edge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.core.decision.Decision;
import dev.loupe.edge.metrics.EdgeMetrics;
import dev.loupe.edge.spool.Spool;
import dev.loupe.edge.start.StartupTimes;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The one JSON line {@code loupe edge} prints on stdout when it stops: frames, frames/s, decisions by
 * kind, spool state, the time from the process's start to its first decision, when each start-up step
 * finished ({@code startup_ms}, from the JVM's start), the CPU time used so far and the peak resident memory (what
 * {@code loupe bench edge} reads).
 */
final class Summary {
    private Summary() {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static void print(PrintWriter out, long frames, double seconds, long firstDecisionNanos, StartupTimes startup, Spool spool,
                      EdgeMetrics m) {
        long jvmStartNanos = System.nanoTime() - Duration.between(
                Instant.ofEpochMilli(java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime()), Instant.now()).toNanos();
        ObjectNode n = JSON.createObjectNode();
        n.put("frames", frames);
        n.put("seconds", Math.round(seconds * 1000) / 1000.0);
        n.put("fps", Math.round(frames / Math.max(seconds, 1e-9) * 10) / 10.0);
        n.put("pass", m.decisions(Decision.PASS));
        n.put("reject", m.decisions(Decision.REJECT));
        n.put("review", m.decisions(Decision.REVIEW));
        n.put("stops", m.stops());
        n.put("spool_depth", spool.depth());
        n.put("spool_last_sequence", spool.lastSequence());
        n.put("records_dropped", spool.recordsDropped());
        n.put("images_dropped", spool.imagesDropped());
        // unknown is null, as in every Loupe JSON (docs/cli-json.md): no decision yet, no CPU clock, not Linux
        if (firstDecisionNanos > 0) {
            n.put("first_decision_ms", (firstDecisionNanos - jvmStartNanos) / 1_000_000);
        } else {
            n.putNull("first_decision_ms");
        }
        ObjectNode steps = n.putObject("startup_ms");
        startup.millisFrom(jvmStartNanos).forEach(steps::put);
        ProcessHandle.current().info().totalCpuDuration().ifPresentOrElse(d -> n.put("cpu_ms", d.toMillis()), () -> n.putNull("cpu_ms"));
        long rss = peakRssKb();
        if (rss >= 0) {
            n.put("peak_rss_kb", rss);
        } else {
            n.putNull("peak_rss_kb");
        }
        try {
            out.println(JSON.writeValueAsString(n)); // one line: bench edge reads the last line of stdout
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }

    /** VmHWM from /proc/self/status (Linux), -1 elsewhere. */
    static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }
}
