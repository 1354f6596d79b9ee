package dev.loupe.cli.batch;

import dev.loupe.batch.BatchJob;

import java.io.PrintWriter;

/**
 * A one-line progress bar on stderr, redrawn with a carriage return at most every 200 ms:
 * {@code [#########.........] 4,200/10,000  42%  310 img/s  ETA 19s}.
 */
final class ProgressBar implements BatchJob.Progress {
    private static final int WIDTH = 30;
    private static final long EVERY_NANOS = 200_000_000L;

    private final PrintWriter err;
    private final long start = System.nanoTime();
    private long startDone = -1;
    private long lastDraw;

    ProgressBar(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void update(long done, long total) {
        long now = System.nanoTime();
        if (startDone < 0) {
            startDone = done;
        }
        if (done < total && now - lastDraw < EVERY_NANOS) {
            return;
        }
        lastDraw = now;
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        double rate = (done - startDone) / seconds;
        int filled = total == 0 ? WIDTH : (int) (WIDTH * done / total);
        String eta = rate > 0 && done < total ? String.format("  ETA %ds", Math.round((total - done) / rate)) : "";
        err.printf("\r[%s%s] %,d/%,d  %3d%%  %.0f img/s%s   ", "#".repeat(filled), ".".repeat(WIDTH - filled), done, total,
                total == 0 ? 100 : 100 * done / total, rate, eta);
        if (done >= total) {
            err.println();
        }
        err.flush();
    }
}
