package dev.loupe.edge.cli;

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
import java.util.Locale;

/**
 * The one JSON line {@code loupe edge} prints on stdout when it stops: frames, frames/s, decisions by
 * kind, spool state, the time from the process's start to its first decision, when each start-up step
 * finished ({@code startup_ms}, from the JVM's start), the CPU time used so far and the peak resident memory (what
 * {@code loupe bench edge} reads).
 */
final class Summary {
    private Summary() {
    }

    static void print(PrintWriter out, long frames, double seconds, long firstDecisionNanos, StartupTimes startup, Spool spool,
                      EdgeMetrics m) {
        long jvmStartNanos = System.nanoTime() - Duration.between(
                Instant.ofEpochMilli(java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime()), Instant.now()).toNanos();
        long firstMs = firstDecisionNanos > 0 ? (firstDecisionNanos - jvmStartNanos) / 1_000_000 : -1;
        StringBuilder steps = new StringBuilder();
        startup.millisFrom(jvmStartNanos).forEach((step, ms) -> steps.append(steps.isEmpty() ? "" : ",")
                .append('"').append(step).append("\":").append(ms));
        out.println(String.format(Locale.ROOT,
                "{\"frames\":%d,\"seconds\":%.3f,\"fps\":%.1f,\"pass\":%d,\"reject\":%d,\"review\":%d,\"stops\":%d,"
                        + "\"spool_depth\":%d,\"spool_last_sequence\":%d,\"records_dropped\":%d,\"images_dropped\":%d,"
                        + "\"first_decision_ms\":%d,\"startup_ms\":{%s},\"cpu_ms\":%d,\"peak_rss_kb\":%d}",
                frames, seconds, frames / Math.max(seconds, 1e-9), m.decisions(Decision.PASS), m.decisions(Decision.REJECT),
                m.decisions(Decision.REVIEW), m.stops(), spool.depth(), spool.lastSequence(), spool.recordsDropped(),
                spool.imagesDropped(), firstMs, steps,
                ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L), peakRssKb()));
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
