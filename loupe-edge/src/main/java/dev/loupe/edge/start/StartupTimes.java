package dev.loupe.edge.start;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When each step of the agent's start finished ({@link System#nanoTime()} marks), reported in the exit
 * summary as milliseconds from the JVM's start, so {@code loupe bench edge} can say where a cold start
 * goes. Thread-safe: steps on the model-loading thread mark as the main thread does. The first mark of
 * a step wins.
 */
public final class StartupTimes {
    private final Map<String, Long> marks = new LinkedHashMap<>();

    /** Marks a step as done now. */
    public synchronized void mark(String step) {
        marks.putIfAbsent(step, System.nanoTime());
    }

    /**
     * The steps in the order they were marked, as milliseconds from the JVM's start.
     *
     * @param jvmStartNanos the JVM's start on the {@link System#nanoTime()} scale
     */
    public synchronized Map<String, Long> millisFrom(long jvmStartNanos) {
        Map<String, Long> ms = new LinkedHashMap<>();
        marks.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(e -> ms.put(e.getKey(), (e.getValue() - jvmStartNanos) / 1_000_000));
        return ms;
    }
}
