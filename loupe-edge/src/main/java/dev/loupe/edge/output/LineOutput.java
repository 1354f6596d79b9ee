package dev.loupe.edge.output;

import dev.loupe.edge.decide.EdgeEvent;

/**
 * Where decisions and line stops go: the line's controller (MQTT), a webhook, a log. Implementations
 * must not block the pipeline: they queue and deliver on their own thread, counting what they drop.
 * Whoever creates an output closes it; closing delivers what is queued, within a short grace period.
 */
public interface LineOutput extends AutoCloseable {

    /** Queues the event for delivery. Called from the pipeline thread. */
    void publish(EdgeEvent event);

    /** Events this output could not deliver (queue full, gave up). */
    long dropped();

    /** A short name for logs ({@code mqtt tcp://127.0.0.1:1883}). */
    String describe();

    @Override
    void close();
}
