package dev.loupe.cli.bench;

import dev.loupe.core.image.ImageStats;
import dev.loupe.data.generate.LineOptions;
import dev.loupe.data.generate.ProductionLine;
import dev.loupe.data.generate.Scenario;
import dev.loupe.monitor.bench.DriftBench;
import dev.loupe.monitor.bench.ScenarioBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.stream.IntStream;

/**
 * {@code loupe bench drift}: Loupe's calibrated detectors against windowed KS, PSI and a popular default,
 * on synthetic streams with known change points ({@link DriftBench}), then on rendered frames of the
 * generator's {@code dimming}, {@code defocus} and {@code new-variant} lines ({@link ScenarioBench}).
 */
@Command(name = "drift", description = "Detection delay and false alarms per 10^6 images: Loupe's CUSUM detectors "
        + "vs windowed KS, PSI and a popular tool's default rule, on the same seeded streams, then on the data "
        + "generator's dimming, defocus and new-variant lines.")
final class DriftBenchCommand implements Runnable {

    /** Frames per scenario stream: the quickstart's line (onset at frame 900). */
    private static final int LINE_FRAMES = 3_000;

    @Option(names = "--quick", description = "fewer repetitions and a shorter no-drift stream (seconds, not minutes)")
    boolean quick;

    @Override
    public void run() {
        new DriftBench(quick, System.out).run();
        System.out.println();
        LineOptions options = LineOptions.defaults().withStreamLength(LINE_FRAMES);
        ProductionLine referenceLine = new ProductionLine(Scenario.STABLE, 1, options);
        List<ImageStats> reference = IntStream.range(0, 2_000).parallel()
                .mapToObj(i -> ImageStats.of(referenceLine.frame(i).image())).toList();
        int onset = (int) Scenario.onsetFrame(LINE_FRAMES);
        List<ScenarioBench.Line> drifting = List.of(Scenario.DIMMING, Scenario.DEFOCUS, Scenario.NEW_VARIANT).stream()
                .map(s -> line(s, options, onset)).toList();
        new ScenarioBench(reference, quick ? 3 : 10, System.out).run(drifting, line(Scenario.STABLE, options, onset));
    }

    private static ScenarioBench.Line line(Scenario scenario, LineOptions options, int onset) {
        return new ScenarioBench.Line(scenario.cliName(), seed -> {
            ProductionLine line = new ProductionLine(scenario, seed, options);
            return i -> ImageStats.of(line.frame(i).image());
        }, LINE_FRAMES, onset);
    }
}
