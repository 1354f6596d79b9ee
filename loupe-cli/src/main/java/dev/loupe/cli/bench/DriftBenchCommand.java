package dev.loupe.cli.bench;

import dev.loupe.monitor.bench.DriftBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code loupe bench drift}: Loupe's calibrated detectors against windowed KS, PSI and a popular default. */
@Command(name = "drift", description = "Detection delay and false alarms per 10^6 images: Loupe's CUSUM detectors "
        + "vs windowed KS, PSI and a popular tool's default rule, on the same seeded streams.")
final class DriftBenchCommand implements Runnable {

    @Option(names = "--quick", description = "fewer repetitions and a shorter no-drift stream (seconds, not minutes)")
    boolean quick;

    @Override
    public void run() {
        new DriftBench(quick, System.out).run();
    }
}
