package dev.loupe.edge.metrics;

import dev.loupe.core.decision.Decision;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The live status line on the console, once a second: frames/s over the last second, decisions by kind,
 * latency p50/p99, spool depth and size, model, server state. On a terminal it rewrites one line;
 * otherwise it prints a line every ten seconds. Runs on its own daemon thread until closed.
 */
public final class StatusLine implements AutoCloseable {
    private final Thread thread;

    public StatusLine(EdgeMetrics m, Supplier<String> extra, PrintStream out, boolean terminal) {
        this.thread = Thread.ofPlatform().daemon().name("status").start(() -> {
            long lastFrames = m.frames();
            long lastNanos = System.nanoTime();
            int tick = 0;
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.nanoTime();
                long frames = m.frames();
                double fps = (frames - lastFrames) * 1e9 / (now - lastNanos);
                lastFrames = frames;
                lastNanos = now;
                String line = String.format(Locale.ROOT,
                        "%7.1f fps | pass %d reject %d review %d stop %d | p50 %.1f ms p99 %.1f ms | %s",
                        fps, m.decisions(Decision.PASS), m.decisions(Decision.REJECT), m.decisions(Decision.REVIEW),
                        m.stops(), m.latencyQuantile(0.5) * 1e3, m.latencyQuantile(0.99) * 1e3, extra.get());
                if (terminal) {
                    out.print("\r" + line + "\u001b[K");
                    out.flush();
                } else if (++tick % 10 == 0) {
                    out.println(line);
                }
            }
        });
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
