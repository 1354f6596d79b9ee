package dev.loupe.monitor.bench;

import dev.loupe.monitor.drift.BernoulliCusum;
import dev.loupe.monitor.drift.DriftVerdict;
import dev.loupe.monitor.drift.StatisticMonitor;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;


/**
 * {@code loupe bench drift}: detection delay and false alarms of Loupe's detectors and of the usual
 * windowed tests, side by side on the same seeded streams with known change points.
 *
 * <p>Streams: a per-image statistic, N(0,1) under the reference, shifted by 0.25, 0.5, 1 and 2 σ at a
 * known frame; and an error rate going from 5% to 10%. False alarms are counted on long no-drift
 * streams and reported per 10⁶ images (per 10⁵ labels for the error rate). Delay is the median, over
 * repetitions, of frames from the change to the first alarm after it. The embedding detector's rows
 * follow ({@link EmbeddingBench}). Run with
 * {@code ./loupe bench drift [--quick]}.
 */
public final class DriftBench {
    static final int REFERENCE = 2_000;
    static final int WINDOW = 100;

    private final int reps;
    private final int noDriftImages;
    private final PrintStream out;

    public DriftBench(boolean quick, PrintStream out) {
        this.reps = quick ? 30 : 200;
        this.noDriftImages = quick ? 2_000_000 : 20_000_000;
        this.out = out;
    }

    /** One detector under test: a fresh instance per stream. */
    private interface Detector {
        /** Feeds a value; true when it alarms. */
        boolean observe(double v);
    }

    private record Method(String name, java.util.function.Function<double[], Detector> factory) {
    }

    public void run() {
        SplittableRandom rnd = new SplittableRandom(2026);
        double[] reference = gaussians(rnd, REFERENCE);
        List<Method> methods = List.of(
                new Method("loupe-cusum (10^6 budget)", ref -> {
                    StatisticMonitor m = new StatisticMonitor("x", ref, 0.5, 1e6);
                    return v -> m.observe(v) instanceof DriftVerdict.Drift;
                }),
                windowed("ks p<0.05 (window " + WINDOW + ")", WindowedBaselines::ks),
                windowed("psi>0.2 (window " + WINDOW + ")", WindowedBaselines::psi),
                windowed("popular default (window " + WINDOW + ")", WindowedBaselines::popularDefault));

        out.printf("Drift bench: reference %d images, %d repetitions per shift, %,d no-drift images%n%n",
                REFERENCE, reps, noDriftImages);
        out.printf("%-34s %16s %10s %10s %10s %10s%n", "detector", "false alarms/1e6", "0.25σ", "0.5σ", "1σ", "2σ");
        for (Method m : methods) {
            long t0 = System.nanoTime();
            double falseAlarms = falseAlarmsPerMillion(m, reference, new SplittableRandom(7));
            String[] delays = new String[4];
            double[] shifts = {0.25, 0.5, 1, 2};
            for (int s = 0; s < shifts.length; s++) {
                delays[s] = format(medianDelay(m, reference, shifts[s], new SplittableRandom(100 + s)));
            }
            out.printf("%-34s %16.1f %10s %10s %10s %10s   (%.1f s)%n", m.name, falseAlarms, delays[0], delays[1], delays[2],
                    delays[3], (System.nanoTime() - t0) / 1e9);
        }
        out.println();
        errorRate();
        out.println();
        new EmbeddingBench(reps, noDriftImages, out).run();
    }

    private static Method windowed(String name, WindowTest test) {
        return new Method(name, ref -> {
            WindowedBaselines b = new WindowedBaselines(ref);
            double[] window = new double[WINDOW];
            int[] n = {0};
            return v -> {
                window[n[0]++] = v;
                if (n[0] == WINDOW) {
                    n[0] = 0;
                    return test.drift(b, window);
                }
                return false;
            };
        });
    }

    @FunctionalInterface
    private interface WindowTest {
        boolean drift(WindowedBaselines b, double[] window);
    }

    private double falseAlarmsPerMillion(Method m, double[] reference, SplittableRandom rnd) {
        // windowed tests cost a sort per window: measure them on a tenth of the stream
        int n = m.name.startsWith("loupe") ? noDriftImages : noDriftImages / 10;
        Detector d = m.factory.apply(reference);
        long alarms = 0;
        for (int i = 0; i < n; i++) {
            if (d.observe(gauss(rnd))) {
                alarms++;
            }
        }
        return alarms * 1e6 / n;
    }

    private double medianDelay(Method m, double[] reference, double shift, SplittableRandom rnd) {
        double[] delays = new double[reps];
        int change = 1_000;
        int horizon = 20_000;
        for (int r = 0; r < reps; r++) {
            Detector d = m.factory.apply(reference);
            delays[r] = Double.POSITIVE_INFINITY;
            for (int i = 0; i < change + horizon; i++) {
                boolean alarm = d.observe(gauss(rnd) + (i >= change ? shift : 0));
                if (alarm && i >= change) {
                    delays[r] = i - change + 1;
                    break;
                }
            }
        }
        Arrays.sort(delays);
        return delays[reps / 2];
    }

    private void errorRate() {
        out.println("Concept drift: error rate 5% -> 10% on reviewed labels");
        SplittableRandom rnd = new SplittableRandom(5);
        int n = noDriftImages / 2;
        BernoulliCusum c = new BernoulliCusum("error-rate", 0.05, 0.10, 1e5);
        long alarms = 0;
        for (int i = 0; i < n; i++) {
            if (c.observe(rnd.nextDouble() < 0.05) instanceof DriftVerdict.Drift) {
                alarms++;
            }
        }
        List<Double> delays = new ArrayList<>();
        for (int r = 0; r < reps; r++) {
            BernoulliCusum d = new BernoulliCusum("error-rate", 0.05, 0.10, 1e5);
            int change = 2_000;
            for (int i = 0; i < change + 20_000; i++) {
                boolean alarm = d.observe(rnd.nextDouble() < (i >= change ? 0.10 : 0.05)) instanceof DriftVerdict.Drift;
                if (alarm && i >= change) {
                    delays.add((double) (i - change + 1));
                    break;
                }
            }
        }
        delays.sort(null);
        out.printf("%-34s %20s %16s%n", "detector", "false alarms/1e5 labels", "median delay");
        out.printf("%-34s %20.2f %16.0f%n", "loupe bernoulli-cusum (10^5 budget)", alarms * 1e5 / n,
                delays.isEmpty() ? Double.NaN : delays.get(delays.size() / 2));
    }

    private static String format(double d) {
        return Double.isInfinite(d) ? ">20000" : String.format("%.0f", d);
    }

    private static double[] gaussians(SplittableRandom rnd, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = gauss(rnd);
        }
        return out;
    }

    static double gauss(SplittableRandom rnd) {
        double u = rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    public static void main(String[] args) {
        new DriftBench(Arrays.asList(args).contains("--quick"), System.out).run();
    }

}
