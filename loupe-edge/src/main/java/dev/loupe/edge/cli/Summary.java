package dev.loupe.edge.cli;

import dev.loupe.core.decision.Decision;
import dev.loupe.edge.metrics.EdgeMetrics;
import dev.loupe.edge.spool.Spool;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The one JSON line {@code loupe edge} prints on stdout when it stops: frames, frames/s, decisions by
 * kind, spool state, the time from the process's start to its first decision and the peak resident
 * memory (what {@code loupe bench edge} reads).
 */
final class Summary {
    private Summary() {
    }

    static void print(PrintWriter out, long frames, double seconds, long firstDecisionNanos, Spool spool, EdgeMetrics m) {
        long firstMs = -1;
        if (firstDecisionNanos > 0) {
            Instant start = Instant.ofEpochMilli(java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
            Instant first = Instant.now().minusNanos(System.nanoTime() - firstDecisionNanos);
            firstMs = Duration.between(start, first).toMillis();
        }
        out.println(String.format(Locale.ROOT,
                "{\"frames\":%d,\"seconds\":%.3f,\"fps\":%.1f,\"pass\":%d,\"reject\":%d,\"review\":%d,\"stops\":%d,"
                        + "\"spool_depth\":%d,\"spool_last_sequence\":%d,\"records_dropped\":%d,\"images_dropped\":%d,"
                        + "\"first_decision_ms\":%d,\"peak_rss_kb\":%d}",
                frames, seconds, frames / Math.max(seconds, 1e-9), m.decisions(Decision.PASS), m.decisions(Decision.REJECT),
                m.decisions(Decision.REVIEW), m.stops(), spool.depth(), spool.lastSequence(), spool.recordsDropped(),
                spool.imagesDropped(), firstMs, peakRssKb()));
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
