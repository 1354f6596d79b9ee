package dev.loupe.monitor.bench;

import dev.loupe.monitor.drift.DriftVerdict;
import dev.loupe.monitor.embedding.EmbeddingMonitor;
import dev.loupe.monitor.embedding.EmbeddingReference;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The embedding part of {@code loupe bench drift}: detection delay and false alarms per 10⁶ images of the
 * windowed MMD detector ({@link EmbeddingMonitor}) on synthetic embeddings ({@link EmbeddingLine}), side
 * by side with the popular drift tool's default applied to every embedding feature (drift per feature by
 * its default rule on windows of 100; dataset drift when half the features drift).
 *
 * <p>Scenarios: mean shifts of 0.25, 0.5, 1 and 2 σ along a leading latent factor; {@code new feature}:
 * two features dead on the reference light up (a new variant, outside the reference's principal axes);
 * {@code spread x0.5}: the latent factors lose half their spread (texture lost, as under defocus). Run with
 * {@code ./loupe bench drift [--quick]} (it follows the per-statistic table).
 */
final class EmbeddingBench {
    private static final int REFERENCE = 2_000;
    private static final int CHANGE = 1_000;
    private static final int HORIZON = 20_000;

    private final int reps;
    private final int noDriftImages;
    private final PrintStream out;

    EmbeddingBench(int reps, int noDriftImages, PrintStream out) {
        this.reps = reps;
        this.noDriftImages = noDriftImages;
        this.out = out;
    }

    private interface Detector {
        boolean observe(float[] embedding, long index);

        void reset();
    }

    void run() {
        List<float[]> referenceStream = new EmbeddingLine(0, 1).take(REFERENCE);
        EmbeddingReference reference = EmbeddingReference.of(referenceStream, EmbeddingReference.COMPONENTS);
        EmbeddingMonitor mmd = EmbeddingMonitor.calibrated(reference, 1e6);
        Detector loupe = new Detector() {
            public boolean observe(float[] e, long i) {
                return mmd.observe(e, i) instanceof DriftVerdict.Drift;
            }

            public void reset() {
                mmd.reset();
            }
        };
        Detector popular = popularDefault(referenceStream);
        EmbeddingLine.Change[] changes = {EmbeddingLine.Change.shift(0.25), EmbeddingLine.Change.shift(0.5),
                EmbeddingLine.Change.shift(1), EmbeddingLine.Change.shift(2), new EmbeddingLine.Change(0, 1, 1),
                new EmbeddingLine.Change(0, 0, 0.5)};
        out.printf("Embedding drift: %d features, reference %d images, %d repetitions per scenario%n", EmbeddingLine.FEATURES,
                REFERENCE, reps);
        out.printf("%-34s %16s %8s %8s %8s %8s %12s %12s%n", "detector", "false alarms/1e6", "0.25σ", "0.5σ", "1σ", "2σ",
                "new feature", "spread x0.5");
        row("loupe mmd (10^6 budget, window " + EmbeddingMonitor.WINDOW + ")", loupe, noDriftImages, changes);
        row("popular default, half of features", popular, noDriftImages / 20, changes);
    }

    private void row(String name, Detector d, int noDrift, EmbeddingLine.Change[] changes) {
        long t0 = System.nanoTime();
        EmbeddingLine line = new EmbeddingLine(0, 7);
        long alarms = 0;
        d.reset();
        for (int i = 0; i < noDrift; i++) {
            alarms += d.observe(line.next(EmbeddingLine.Change.NONE), i) ? 1 : 0;
        }
        String[] delays = new String[changes.length];
        for (int c = 0; c < changes.length; c++) {
            delays[c] = format(medianDelay(d, changes[c], 100L + c * 1000L));
        }
        out.printf("%-34s %16.1f %8s %8s %8s %8s %12s %12s   (%.1f s)%n", name, alarms * 1e6 / noDrift, delays[0], delays[1],
                delays[2], delays[3], delays[4], delays[5], (System.nanoTime() - t0) / 1e9);
    }

    private double medianDelay(Detector d, EmbeddingLine.Change change, long seed) {
        double[] delays = new double[reps];
        for (int r = 0; r < reps; r++) {
            d.reset();
            EmbeddingLine line = new EmbeddingLine(0, seed + r);
            delays[r] = Double.POSITIVE_INFINITY;
            for (int i = 0; i < CHANGE + HORIZON; i++) {
                boolean alarm = d.observe(line.next(i >= CHANGE ? change : EmbeddingLine.Change.NONE), i);
                if (alarm && i >= CHANGE) {
                    delays[r] = i - CHANGE + 1;
                    break;
                }
            }
        }
        Arrays.sort(delays);
        return delays[reps / 2];
    }

    /** The popular tool's default on each varying feature, windows of 100; dataset drift when half drift. */
    private static Detector popularDefault(List<float[]> reference) {
        List<Integer> columns = new ArrayList<>();
        List<WindowedBaselines> tests = new ArrayList<>();
        for (int j = 0; j < EmbeddingLine.FEATURES; j++) {
            double[] col = new double[reference.size()];
            for (int i = 0; i < col.length; i++) {
                col[i] = reference.get(i)[j];
            }
            if (Arrays.stream(col).min().getAsDouble() < Arrays.stream(col).max().getAsDouble()) {
                columns.add(j);
                tests.add(new WindowedBaselines(col));
            }
        }
        int window = DriftBench.WINDOW;
        double[][] buffer = new double[columns.size()][window];
        return new Detector() {
            int n;

            public boolean observe(float[] e, long index) {
                for (int c = 0; c < columns.size(); c++) {
                    buffer[c][n] = e[columns.get(c)];
                }
                if (++n < window) {
                    return false;
                }
                n = 0;
                int drifting = 0;
                for (int c = 0; c < columns.size(); c++) {
                    drifting += tests.get(c).popularDefault(buffer[c]) ? 1 : 0;
                }
                return 2 * drifting >= columns.size();
            }

            public void reset() {
                n = 0;
            }
        };
    }

    private static String format(double d) {
        return Double.isInfinite(d) ? ">" + HORIZON : String.format("%.0f", d);
    }
}
