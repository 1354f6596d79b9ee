package dev.loupe.data.generate;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link DatasetGenerator} writes: {@code count} frames of a scenario into {@code out}. Validated when
 * built; the scenario's change plays out over the {@code count} frames (stream length = count).
 *
 * @param out        directory to write {@code manifest.csv}, {@code generation.json} and {@code images/}
 * @param count      number of images, > 0
 * @param threads    worker threads, > 0; the output does not depend on it
 * @param overwrite  replace a dataset already in {@code out}
 */
public record GenerateRequest(Path out, int count, Scenario scenario, long seed, int size, double defectRate,
                              int annotators, int threads, boolean overwrite) {

    public GenerateRequest {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(scenario, "scenario");
        if (count <= 0) {
            throw new IllegalArgumentException("count must be > 0, got " + count);
        }
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be > 0, got " + threads);
        }
        if (annotators < 0 || annotators > SimulatedAnnotators.MAX) {
            throw new IllegalArgumentException("annotators must be 0.." + SimulatedAnnotators.MAX + ", got " + annotators);
        }
        new LineOptions(size, defectRate, count); // validates size and defect rate with their own messages
    }

    /** Defaults: seed 42, 128 px, defect rate 0.25, no annotators, one thread per core, no overwrite. */
    public static GenerateRequest of(Path out, int count, Scenario scenario) {
        return new GenerateRequest(out, count, scenario, 42, LineOptions.DEFAULT_SIZE, LineOptions.DEFAULT_DEFECT_RATE,
                0, Runtime.getRuntime().availableProcessors(), false);
    }

    /** The line's options: this size and defect rate, the stream as long as {@code count}. */
    public LineOptions lineOptions() {
        return new LineOptions(size, defectRate, count);
    }

    public GenerateRequest withSeed(long newSeed) {
        return new GenerateRequest(out, count, scenario, newSeed, size, defectRate, annotators, threads, overwrite);
    }

    public GenerateRequest withCount(int n) {
        return new GenerateRequest(out, n, scenario, seed, size, defectRate, annotators, threads, overwrite);
    }

    public GenerateRequest withSize(int newSize) {
        return new GenerateRequest(out, count, scenario, seed, newSize, defectRate, annotators, threads, overwrite);
    }

    public GenerateRequest withDefectRate(double rate) {
        return new GenerateRequest(out, count, scenario, seed, size, rate, annotators, threads, overwrite);
    }

    public GenerateRequest withAnnotators(int k) {
        return new GenerateRequest(out, count, scenario, seed, size, defectRate, k, threads, overwrite);
    }

    public GenerateRequest withThreads(int n) {
        return new GenerateRequest(out, count, scenario, seed, size, defectRate, annotators, n, overwrite);
    }

    public GenerateRequest withOverwrite(boolean replace) {
        return new GenerateRequest(out, count, scenario, seed, size, defectRate, annotators, threads, replace);
    }
}
