package dev.loupe.serve.bench;

import dev.loupe.core.decision.DecisionPolicy;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.model.Preprocessor;
import dev.loupe.serve.PredictionServer;
import dev.loupe.serve.ServeConfig;
import dev.loupe.serve.infer.ServingObserver;
import dev.loupe.serve.model.ModelFiles;
import dev.loupe.serve.model.ModelRepository;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code loupe bench serve --logging}: what prediction logging costs the serving paths. Two servers run
 * in one process with the same model and {@code threads} inference threads: one whose observer logs
 * every prediction (the {@code on} observer: image statistics, the recorder's buffer, its writer thread
 * and database), one whose observer does not ({@code off}). Each path ({@code /inspect}, V2 REST binary
 * and JSON, gRPC) is loaded by {@code 2 x threads} keep-alive clients (gRPC: {@link BenchRequests#clients}) against one server then the other,
 * the pair's order alternating by round, so both see the same machine; each round gives one on/off ratio
 * and the median ratio is reported (the target: >= 0.97). As in {@link ServeBench}, the process's
 * CPU time per image is reported too (the load generator's threads left out), and its off/on ratio: on a
 * shared machine the wall-clock ratio moves with other processes' load, the CPU ratio much less. The
 * logging server's CPU includes the recorder's writer thread (the database and blob writes), and each "on"
 * measurement ends by flushing the recorder, inside the measurement, so the batch its load left behind is
 * charged to it rather than written during the next measurement.
 *
 * <p>Command: {@code ./loupe bench serve --model PATH --logging [--threads N] [--seconds S] [--rounds R]}.
 */
public final class ServeLoggingBench {

    /**
     * One path with logging off and on.
     *
     * @param ratio    median over rounds of (throughput on / throughput off) in the same round
     * @param cpuRatio median over rounds of (server CPU per image off / server CPU per image on) in the same
     *                 round, the load generator's threads left out: the share of throughput left at
     *                 saturation, robust to the scheduler's share of a busy machine
     * @param ratioLowerQuartile the rounds' throughput ratios' lower quartile: where the machine's speed moves
     *                 between rounds by more than logging costs, the spread says how far to trust the median
     * @param ratioUpperQuartile their upper quartile
     */
    public record Comparison(String path, ServeBench.Result off, ServeBench.Result on, double ratio, double cpuRatio,
                             double ratioLowerQuartile, double ratioUpperQuartile) {
    }

    private final ModelPackage pkg;
    private final int threads;
    private final Duration perMode;
    private final int rounds;
    private final PrintStream out;

    public ServeLoggingBench(ModelPackage pkg, int threads, Duration perMode, int rounds, PrintStream out) {
        this.pkg = pkg;
        this.threads = threads;
        this.perMode = perMode;
        this.rounds = rounds;
        this.out = out;
    }

    /**
     * @param off the observer of the server that does not log (metrics only)
     * @param on  the observer of the server that logs every prediction; the caller closes what it holds
     *            after this returns
     * @param paths which paths to measure, by name
     */
    public List<Comparison> run(ServingObserver off, ServingObserver on, Predicate<String> paths) throws Exception {
        return run(off, on, () -> {
        }, paths);
    }

    /**
     * @param flushOn writes whatever the logging server's recorder still holds, returning when it is written: run
     *                at the end of every "on" measurement, inside it, so a batch the recorder would write during
     *                the next measurement (its interval is a second) is charged to the load that made it
     */
    public List<Comparison> run(ServingObserver off, ServingObserver on, Runnable flushOn, Predicate<String> paths) throws Exception {
        List<byte[]> images = BenchImages.pngs(64, pkg.descriptor().input().width(), pkg.descriptor().input().height(), 42);
        ModelFiles.Loaded a = ModelFiles.load("bench", "1", pkg, DecisionPolicy.of(pkg.descriptor()));
        ModelFiles.Loaded b = ModelFiles.load("bench", "1", pkg, DecisionPolicy.of(pkg.descriptor()));
        ServeConfig config = ServeConfig.defaults().withConcurrency(threads, 4096).withMaxBatch(1);
        try (PredictionServer quiet = PredictionServer.start(config, ModelRepository.of(List.of(a.served())), off, a.owned());
             PredictionServer logging = PredictionServer.start(config, ModelRepository.of(List.of(b.served())), on, b.owned());
             BenchRequests requests = new BenchRequests(pkg.descriptor(), new Preprocessor(pkg.descriptor().input()), images)) {
            Map<String, Load.Op> offPaths = requests.server(quiet.httpPort(), quiet.grpcPort());
            Map<String, Load.Op> onPaths = requests.server(logging.httpPort(), logging.grpcPort());
            offPaths.keySet().removeIf(paths.negate());
            onPaths.keySet().removeIf(paths.negate());
            return measure(offPaths, onPaths, flushOn);
        }
    }

    private List<Comparison> measure(Map<String, Load.Op> offPaths, Map<String, Load.Op> onPaths, Runnable flushOn) throws Exception {
        Map<String, List<Load.Measurement>> offRuns = new LinkedHashMap<>();
        Map<String, List<Load.Measurement>> onRuns = new LinkedHashMap<>();
        Map<String, double[]> ratios = new LinkedHashMap<>();
        Map<String, double[]> cpuRatios = new LinkedHashMap<>();
        for (String path : offPaths.keySet()) {
            int clients = BenchRequests.clients(path, threads);
            Load.warmUp(clients, ServeBench.WARM_UP, offPaths.get(path)); // until the JIT has compiled the path
            Load.warmUp(clients, ServeBench.WARM_UP, onPaths.get(path));
            flushOn.run(); // the warm-up's predictions written before anything is measured
            offRuns.put(path, new ArrayList<>());
            onRuns.put(path, new ArrayList<>());
            ratios.put(path, new double[rounds]);
            cpuRatios.put(path, new double[rounds]);
        }
        for (int r = 0; r < rounds; r++) {
            for (String path : offPaths.keySet()) {
                int clients = BenchRequests.clients(path, threads);
                Load.Measurement off;
                Load.Measurement on;
                if (r % 2 == 0) {
                    off = Load.measure(clients, perMode, offPaths.get(path));
                    on = Load.measure(clients, perMode, onPaths.get(path), flushOn);
                } else {
                    on = Load.measure(clients, perMode, onPaths.get(path), flushOn);
                    off = Load.measure(clients, perMode, offPaths.get(path));
                }
                offRuns.get(path).add(off);
                onRuns.get(path).add(on);
                ratios.get(path)[r] = on.imagesPerSecond() / off.imagesPerSecond();
                cpuRatios.get(path)[r] = off.serverCpuMillisPerImage() / on.serverCpuMillisPerImage();
                out.printf("  round %d  %-30s  off %7.1f images/s %5.2f server CPU ms   on %7.1f images/s %5.2f server CPU ms   on/off %.3f, CPU %.3f%n",
                        r + 1, path, off.imagesPerSecond(), off.serverCpuMillisPerImage(), on.imagesPerSecond(), on.serverCpuMillisPerImage(),
                        ratios.get(path)[r], cpuRatios.get(path)[r]);
            }
        }
        List<Comparison> results = new ArrayList<>();
        for (String path : offPaths.keySet()) {
            results.add(new Comparison(path, ServeBench.summarise(path, offRuns.get(path)), ServeBench.summarise(path, onRuns.get(path)),
                    median(ratios.get(path)), median(cpuRatios.get(path)), quantile(ratios.get(path), 0.25),
                    quantile(ratios.get(path), 0.75)));
        }
        return results;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** The q-quantile by linear interpolation between the sorted values (q in 0..1). */
    static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double at = q * (sorted.length - 1);
        int below = (int) Math.floor(at);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (at - below) * (sorted[above] - sorted[below]);
    }
}
