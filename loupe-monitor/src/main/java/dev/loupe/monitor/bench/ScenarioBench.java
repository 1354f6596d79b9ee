package dev.loupe.monitor.bench;

import dev.loupe.core.image.ImageStats;
import dev.loupe.monitor.drift.DriftVerdict;
import dev.loupe.monitor.drift.StatisticMonitor;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * The drift bench on rendered production-line frames ({@code loupe bench drift}, after the synthetic
 * streams): each scenario's frames reduced to their per-image statistics ({@link ImageStats}), watched by
 * Loupe's detectors (one {@link StatisticMonitor} per statistic at 10⁶ images per false alarm each; the
 * first to alarm names the cause) and, on the same frames, by the windowed baselines on every statistic
 * (windows of 100: KS p &lt; 0.05 on any statistic, PSI &gt; 0.2 on any, the popular tool's default with
 * dataset drift when half the statistics drift). Delay: frames from the scenario's onset to the first
 * alarm after it, median over streams of different seeds; an alarm before the onset is a false alarm.
 * False alarms per 10⁶ frames are counted on the stable line.
 *
 * <p>The frames come from the caller (loupe-cli renders them with loupe-data's generator), as a function
 * from (seed, frame index) to statistics.
 */
public final class ScenarioBench {
    private static final int WINDOW = 100;
    private static final List<String> DETECTORS = List.of("loupe cusum per statistic (10^6 each)",
            "ks p<0.05 on any statistic", "psi>0.2 on any statistic", "popular default, half the statistics");

    /**
     * A line to watch.
     *
     * @param name   the scenario's name
     * @param frames per seed, frame index to the frame's statistics
     * @param length frames per stream
     * @param onset  the first frame of the change (ignored for the stable line)
     */
    public record Line(String name, IntFunction<IntFunction<ImageStats>> frames, int length, int onset) {
    }

    private final double[][] reference;
    private final int seeds;
    private final PrintStream out;

    /**
     * @param reference statistics of the stable line's reference frames
     * @param seeds     streams per scenario
     */
    public ScenarioBench(List<ImageStats> reference, int seeds, PrintStream out) {
        this.reference = columns(reference);
        this.seeds = seeds;
        this.out = out;
    }

    /** Runs every drifting line, then counts false alarms on the stable one; prints a table. */
    public void run(List<Line> drifting, Line stable) {
        out.printf("Production-line scenarios: %d frames per stream, %d streams each, reference %d stable frames%n",
                drifting.getFirst().length(), seeds, reference[0].length);
        out.printf("%-40s %14s", "detector", "false alarms/1e6");
        drifting.forEach(l -> out.printf(" %18s", l.name() + " (onset " + l.onset() + ")"));
        out.println();
        long[] falseAlarms = new long[DETECTORS.size()];
        long stableFrames = (long) seeds * stable.length();
        for (int seed = 0; seed < seeds; seed++) {
            long[] a = alarms(stats(stable, 1_000 + seed), Integer.MAX_VALUE).falseAlarms;
            for (int d = 0; d < a.length; d++) {
                falseAlarms[d] += a[d];
            }
        }
        List<Outcome[]> perLine = new ArrayList<>();
        for (Line line : drifting) {
            Outcome[] o = new Outcome[seeds];
            for (int seed = 0; seed < seeds; seed++) {
                o[seed] = alarms(stats(line, 2_000 + seed), line.onset());
            }
            perLine.add(o);
        }
        for (int d = 0; d < DETECTORS.size(); d++) {
            out.printf("%-40s %14.0f", DETECTORS.get(d), falseAlarms[d] * 1e6 / stableFrames);
            for (Outcome[] o : perLine) {
                out.printf(" %18s", cell(o, d));
            }
            out.println();
        }
        out.printf("(delay: median frames from the onset to the first alarm after it; [cause] the statistic Loupe named"
                + " in most streams; false alarms on %,d stable frames)%n", stableFrames);
    }

    private static String cell(Outcome[] outcomes, int detector) {
        double[] delays = Arrays.stream(outcomes).mapToDouble(o -> o.delays[detector]).sorted().toArray();
        double median = delays[delays.length / 2];
        String text = Double.isInfinite(median) ? "none" : String.format(Locale.ROOT, "%.0f", median);
        if (detector == 0) {
            String cause = Arrays.stream(outcomes).map(o -> o.cause).filter(c -> !c.isEmpty())
                    .collect(java.util.stream.Collectors.groupingBy(c -> c, java.util.stream.Collectors.counting()))
                    .entrySet().stream().max(java.util.Map.Entry.comparingByValue()).map(java.util.Map.Entry::getKey).orElse("");
            text += cause.isEmpty() ? "" : " [" + cause + "]";
        }
        return text;
    }

    private static ImageStats[] stats(Line line, int seed) {
        IntFunction<ImageStats> frames = line.frames().apply(seed);
        return IntStream.range(0, line.length()).parallel().mapToObj(frames).toArray(ImageStats[]::new);
    }

    /** Per detector: false alarms before the onset, and the delay to the first alarm from it (infinite if none). */
    private record Outcome(long[] falseAlarms, double[] delays, String cause) {
    }

    private Outcome alarms(ImageStats[] stream, int onset) {
        int detectors = DETECTORS.size();
        long[] falseAlarms = new long[detectors];
        double[] delays = new double[detectors];
        Arrays.fill(delays, Double.POSITIVE_INFINITY);
        String cause = "";
        List<StatisticMonitor> loupe = new ArrayList<>();
        List<WindowedBaselines> baselines = new ArrayList<>();
        for (int s = 0; s < ImageStats.NAMES.size(); s++) {
            loupe.add(new StatisticMonitor(ImageStats.NAMES.get(s), reference[s], 0.5, 1e6));
            baselines.add(new WindowedBaselines(reference[s]));
        }
        double[][] window = new double[ImageStats.NAMES.size()][WINDOW];
        for (int i = 0; i < stream.length; i++) {
            double[] v = stream[i].toArray();
            boolean[] alarm = new boolean[detectors];
            for (int s = 0; s < v.length; s++) {
                if (loupe.get(s).observe(v[s]) instanceof DriftVerdict.Drift && !alarm[0]) {
                    alarm[0] = true;
                    if (i >= onset && Double.isInfinite(delays[0])) {
                        cause = ImageStats.NAMES.get(s);
                    }
                }
                window[s][i % WINDOW] = v[s];
            }
            if (i % WINDOW == WINDOW - 1) {
                int ks = 0, psi = 0, popular = 0;
                for (int s = 0; s < v.length; s++) {
                    ks += baselines.get(s).ks(window[s]) ? 1 : 0;
                    psi += baselines.get(s).psi(window[s]) ? 1 : 0;
                    popular += baselines.get(s).popularDefault(window[s]) ? 1 : 0;
                }
                alarm[1] = ks > 0;
                alarm[2] = psi > 0;
                alarm[3] = 2 * popular >= v.length;
            }
            for (int d = 0; d < detectors; d++) {
                if (!alarm[d]) {
                    continue;
                }
                if (i < onset) {
                    falseAlarms[d]++;
                } else if (Double.isInfinite(delays[d])) {
                    delays[d] = i - onset + 1;
                }
            }
        }
        return new Outcome(falseAlarms, delays, cause);
    }

    private static double[][] columns(List<ImageStats> stats) {
        double[][] c = new double[ImageStats.NAMES.size()][stats.size()];
        for (int i = 0; i < stats.size(); i++) {
            double[] v = stats.get(i).toArray();
            for (int s = 0; s < v.length; s++) {
                c[s][i] = v[s];
            }
        }
        return c;
    }
}
