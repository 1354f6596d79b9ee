package dev.loupe.data.generate;

import java.util.Objects;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * A synthetic production line: an endless, addressable stream of inspection-camera frames of phone back
 * covers on a conveyor, with realistic nuisance factors and a {@link Scenario} that changes the line
 * over the stream. This is the in-process source for the edge agent's {@code synthetic:} camera and the
 * drift benchmarks, and what {@code loupe data generate} writes to disk.
 *
 * <p>Frame {@code i} depends only on (scenario, seed, options, i): frames can be made in any order, on
 * any thread, and are bit-identical across runs and JVMs. Thread-safe; holds no resources.
 *
 * <pre>{@code
 * ProductionLine line = new ProductionLine(Scenario.DIMMING, 42, LineOptions.defaults());
 * Frame f = line.frame(1234);          // f.image(), f.factors().lighting()
 * }</pre>
 */
public final class ProductionLine {
    private final Scenario scenario;
    private final long seed;
    private final LineOptions options;
    private final FactorSampler sampler;
    private final FrameRenderer renderer;

    public ProductionLine(Scenario scenario, long seed, LineOptions options) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.options = Objects.requireNonNull(options, "options");
        this.seed = seed;
        this.sampler = new FactorSampler(scenario, seed, options);
        this.renderer = new FrameRenderer(options.size());
    }

    public Scenario scenario() {
        return scenario;
    }

    public long seed() {
        return seed;
    }

    public LineOptions options() {
        return options;
    }

    /** The factors of frame {@code index} alone, without rendering it (microseconds). */
    public Factors factors(long index) {
        requireIndex(index);
        return sampler.sample(index);
    }

    /** Renders frame {@code index} (about a millisecond at 128 px). */
    public Frame frame(long index) {
        Factors f = factors(index);
        return new Frame(f, renderer.render(f, Seeds.random(seed, index, Seeds.RENDER),
                Seeds.random(seed, index, Seeds.DEFECT)));
    }

    /** Frames {@code from, from + 1, ...}, lazily, without end. */
    public Stream<Frame> stream(long from) {
        requireIndex(from);
        return LongStream.iterate(from, i -> i + 1).mapToObj(this::frame);
    }

    private static void requireIndex(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("frame index must be >= 0, got " + index);
        }
    }
}
