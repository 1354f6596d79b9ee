package dev.loupe.cli.data;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.UserException;
import dev.loupe.data.generate.DatasetGenerator;
import dev.loupe.data.generate.DefectType;
import dev.loupe.data.generate.GenerateRequest;
import dev.loupe.data.generate.GenerationSummary;
import dev.loupe.data.generate.LineOptions;
import dev.loupe.data.generate.ManifestCsv;
import dev.loupe.data.generate.Scenario;
import dev.loupe.data.generate.SimulatedAnnotators;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code loupe data generate}: writes synthetic inspection images of a production line, with every
 * image's generating factors in {@code manifest.csv}, and prints what it wrote and how fast.
 */
@Command(name = "generate",
        description = {"Write synthetic production-line images (phone back covers on a conveyor) and a manifest.csv "
                + "of each image's generating factors. The same arguments give byte-identical files.",
                "Scenarios change the line from 30%% of the frames on: stable, dimming, defocus, new-variant, "
                        + "new-defect, defect-surge (see docs/data-generator.md)."})
public final class GenerateCommand implements Callable<Integer> {

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @Option(names = "--verbose", description = "print stack traces")
    boolean verbose;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory")
    Path out;

    @Option(names = "--count", required = true, paramLabel = "N", description = "number of images")
    int count;

    @Option(names = "--seed", paramLabel = "S", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed = 42;

    @Option(names = "--defect-rate", paramLabel = "R",
            description = "share of defective parts, 0..1 (default: " + LineOptions.DEFAULT_DEFECT_RATE
                    + "; defect-surge sets its own)")
    Double defectRate;

    @Option(names = "--scenario", paramLabel = "NAME", description = "stable (default), dimming, defocus, "
            + "new-variant, new-defect, defect-surge")
    String scenario = "stable";

    @Option(names = "--size", paramLabel = "PX", description = "image side in pixels (default: ${DEFAULT-VALUE})")
    int size = LineOptions.DEFAULT_SIZE;

    @Option(names = "--annotators", paramLabel = "K",
            description = "simulated annotators, 0.." + SimulatedAnnotators.MAX + ": extra columns annotator_1..K "
                    + "(1 careful, 2 misses small pits, 3 hasty and takes dust for defects; default: ${DEFAULT-VALUE})")
    int annotators;

    @Option(names = "--threads", paramLabel = "T", description = "worker threads (default: one per core)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--force", description = "overwrite a dataset already generated in DIR")
    boolean force;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        GenerateRequest request = request();
        PrintWriter out = spec.commandLine().getOut();
        if (request.scenario() == Scenario.DEFECT_SURGE && defectRate != null) {
            spec.commandLine().getErr().println("loupe: note: --defect-rate is ignored by defect-surge (2% then 10%)");
        }
        GenerationSummary summary;
        try {
            summary = DatasetGenerator.generate(request);
        } catch (IllegalStateException e) {
            throw new UserException(ExitCodes.FAILED, e.getMessage() + "; use --force to overwrite it");
        }
        print(out, request, summary);
        return ExitCodes.OK;
    }

    private GenerateRequest request() {
        if (count <= 0) {
            throw usage("--count must be > 0, got " + count);
        }
        double rate = defectRate == null ? LineOptions.DEFAULT_DEFECT_RATE : defectRate;
        if (!(rate >= 0 && rate <= 1)) {
            throw usage("--defect-rate must be in [0, 1], got " + defectRate);
        }
        if (size < 16 || size > 1024) {
            throw usage("--size must be 16..1024 pixels, got " + size);
        }
        if (annotators < 0 || annotators > SimulatedAnnotators.MAX) {
            throw usage("--annotators must be 0.." + SimulatedAnnotators.MAX + ", got " + annotators);
        }
        if (threads <= 0) {
            throw usage("--threads must be > 0, got " + threads);
        }
        Scenario s;
        try {
            s = Scenario.fromName(scenario);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        return new GenerateRequest(out, count, s, seed, size, rate, annotators, threads, force);
    }

    private static UserException usage(String message) {
        return new UserException(ExitCodes.USAGE, message);
    }

    private static void print(PrintWriter out, GenerateRequest r, GenerationSummary s) {
        out.printf(Locale.ROOT, "generated %d images (scenario %s, seed %d, %dx%d) in %s%n",
                s.count(), r.scenario().cliName(), r.seed(), r.size(), r.size(), s.out());
        String types = Stream.of(DefectType.values()).filter(t -> t != DefectType.NONE)
                .map(t -> t.csv() + " " + s.defectsByType().get(t)).collect(Collectors.joining(", "));
        out.printf(Locale.ROOT, "  ok %d, defect %d (%.1f%%): %s%n", s.count() - s.defects(), s.defects(),
                100.0 * s.defects() / s.count(), types);
        if (r.scenario() != Scenario.STABLE) {
            out.printf(Locale.ROOT, "  %s starts at frame %d (30%% of the stream)%n", r.scenario().cliName(),
                    Scenario.onsetFrame(r.count()));
        }
        out.printf(Locale.ROOT, "  manifest %s%s%n", s.out().resolve(ManifestCsv.FILE_NAME),
                r.annotators() > 0 ? " (with annotator_1.." + r.annotators() + ")" : "");
        out.printf(Locale.ROOT, "  %.2f s, %.0f images/s on %d threads%n", s.elapsed().toNanos() / 1e9,
                s.imagesPerSecond(), r.threads());
    }
}
