package dev.loupe.cli.bench;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.UserException;
import dev.loupe.cli.model.StoredModel;
import dev.loupe.core.model.BareOnnx;
import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.model.ModelResolver;
import dev.loupe.serve.bench.ServeBench;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code loupe bench serve}: throughput and latency of every serving path as a ratio to the
 * in-process limit (decode + preprocess + infer in a loop), measured in one run on the same cores.
 */
@Command(name = "serve", description = {"Serving paths (/inspect, V2 REST binary and JSON, gRPC) side by side in one run.",
        "Each against the in-process limit (decode + preprocess + infer on the same threads): images/s, p50/p99, ratio."})
final class ServeBenchCommand implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @CommandLine.Mixin
    GlobalOptions global;

    @Option(names = "--model", required = true, paramLabel = "PATH|REF",
            description = {"a model package, or a bare RGB image classifier .onnx (described by --width/--height/--mean/--std),",
                    "or a model of this home's registry (NAME@ALIAS, NAME/VERSION) or blob store (sha256:<id>)"})
    Path model;

    @Option(names = "--width", description = "bare ONNX: input width (default: ${DEFAULT-VALUE})")
    int width = 192;

    @Option(names = "--height", description = "bare ONNX: input height (default: ${DEFAULT-VALUE})")
    int height = 48;

    @Option(names = "--mean", description = "bare ONNX: per-channel mean after x/255 (default: ${DEFAULT-VALUE})")
    double mean = 0.5;

    @Option(names = "--std", description = "bare ONNX: per-channel std after x/255 (default: ${DEFAULT-VALUE})")
    double std = 0.5;

    @Option(names = "--threads", description = "inference threads, and the in-process limit's (default: one per core)")
    Integer threads;

    @Option(names = "--seconds", description = "seconds per mode per round (default: 4; 1 with --logging)")
    Double seconds;

    @Option(names = "--rounds", description = "rounds; each mode's median round is reported (default: 3; 21 with --logging)")
    Integer rounds;

    @Option(names = "--only", paramLabel = "TEXT",
            description = "measure only the paths whose name contains TEXT (case-insensitive; e.g. gRPC), besides the limit")
    String only;

    @Option(names = "--logging", description = {"instead: each server path with prediction logging on and off, side by side",
            "(a temporary SQLite log), and the on/off throughput ratio"})
    boolean logging;

    @Override
    public Integer call() throws Exception {
        ModelPackage pkg = load();
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        // logging costs a few percent, within the drift of a shared machine over seconds: many short on/off
        // pairs resolve it where a few long rounds do not (docs/benchmarks.md, the A/A check)
        double seconds = this.seconds != null ? this.seconds : logging ? 1 : 4;
        int rounds = this.rounds != null ? this.rounds : logging ? 21 : 3;
        if (rounds < 1 || !(seconds > 0)) {
            throw new UserException(ExitCodes.USAGE, "--rounds must be at least 1 and --seconds above 0, got " + rounds + " and " + seconds);
        }
        System.out.printf("loupe bench serve: model %s (%dx%d), %d threads, %d cores, %d rounds of %.1f s per mode%n",
                model.getFileName(), pkg.descriptor().input().width(), pkg.descriptor().input().height(), t,
                Runtime.getRuntime().availableProcessors(), rounds, seconds);
        java.util.function.Predicate<String> paths =
                mode -> only == null || mode.toLowerCase(java.util.Locale.ROOT).contains(only.toLowerCase(java.util.Locale.ROOT));
        if (logging) {
            return new LoggingOverhead(pkg, t, Duration.ofMillis((long) (seconds * 1000)), rounds, paths).run();
        }
        List<ServeBench.Result> results = new ServeBench(pkg, t, Duration.ofMillis((long) (seconds * 1000)), rounds, System.out)
                .run(paths);
        double limit = results.getFirst().imagesPerSecond();
        System.out.println();
        double limitCpu = results.getFirst().cpuMillisPerImage();
        System.out.printf("| %-34s | %9s | %8s | %8s | %8s | %12s | %12s | %13s | %12s | %6s |%n", "path", "images/s", "p50 ms",
                "p99 ms", "vs limit", "CPU ms/image", "CPU vs limit", "server CPU ms", "server vs limit", "errors");
        System.out.println("|------------------------------------|-----------|----------|----------|----------|--------------|--------------|---------------|-----------------|--------|");
        for (ServeBench.Result r : results) {
            System.out.printf("| %-34s | %9.1f | %8.2f | %8.2f | %7.0f%% | %12.2f | %11.0f%% | %13.2f | %14.0f%% | %6d |%n", r.mode(),
                    r.imagesPerSecond(), r.p50Millis(), r.p99Millis(), 100 * r.imagesPerSecond() / limit, r.cpuMillisPerImage(),
                    100 * limitCpu / r.cpuMillisPerImage(), r.serverCpuMillisPerImage(), 100 * limitCpu / r.serverCpuMillisPerImage(),
                    r.errors());
        }
        System.out.println("(CPU vs limit: the limit's CPU time per image over the path's, client included; server: the load"
                + " generator's threads left out; 100% = no overhead)");
        return ExitCodes.OK;
    }

    private ModelPackage load() throws Exception {
        Optional<ModelPackage> stored = StoredModel.resolveIfReference(model.toString(), global.config()).map(ModelResolver.Resolved::pkg);
        if (stored.isPresent()) {
            return stored.get();
        }
        if (!Files.exists(model)) {
            throw new UserException(ExitCodes.USAGE, "no model at " + model);
        }
        if (!model.toString().endsWith(".onnx")) {
            return ModelPackage.read(model);
        }
        ModelDescriptor.Normalisation n = new ModelDescriptor.Normalisation(1 / 255.0,
                Collections.nCopies(3, mean), Collections.nCopies(3, std));
        BareOnnx.Options o = new BareOnnx.Options(width, height, ModelDescriptor.Colour.RGB, n, Optional.empty(),
                Optional.empty(), List.of("class0", "class1"), "class1", 0.5);
        return BareOnnx.wrap("bench", Files.readAllBytes(model), o, Instant.now());
    }
}
