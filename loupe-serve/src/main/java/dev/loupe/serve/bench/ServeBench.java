package dev.loupe.serve.bench;

import dev.loupe.core.decision.DecisionPolicy;
import dev.loupe.core.model.ImageClassifier;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.model.Preprocessor;
import dev.loupe.serve.PredictionServer;
import dev.loupe.serve.ServeConfig;
import dev.loupe.serve.model.ModelFiles;
import dev.loupe.serve.model.ModelRepository;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code loupe bench serve}: the serving paths against the in-process limit, in one run on the same
 * cores. The limit is what the model costs with nothing in between: decode + preprocess + infer in a
 * loop on {@code threads} threads. Each server path (plain image {@code /inspect}, V2 REST with the
 * image as a binary BYTES tensor, V2 REST with the preprocessed FP32 tensor as JSON, gRPC with the
 * image as raw BYTES, from grpc-java's client and from a lean HTTP/2 client) runs against a server with {@code threads} inference threads, loaded by
 * {@code 2 x threads} clients on keep-alive connections from the same process. A batched in-process
 * variant (8 images per ONNX Runtime call) measures what dynamic batching could gain.
 *
 * <p>Modes are interleaved in rounds and the median round is reported, because the machine is shared.
 * Besides wall-clock images/s, each mode reports the process's CPU time per image (server, client and
 * runtime together, so the server paths carry their load generator's cost): on a shared machine the
 * scheduler gives a process with more runnable threads a larger share of the cores, which inflates the
 * server paths' wall-clock figures against the limit; CPU per image does not depend on that share.
 * Command: {@code ./loupe bench serve --model PATH [--threads N] [--seconds S] [--rounds R]}.
 */
public final class ServeBench {

    /** One measured mode: median throughput over rounds, latency over all its requests. */
    public record Result(String mode, double imagesPerSecond, double p50Millis, double p99Millis, long errors,
                         double cpuMillisPerImage, double serverCpuMillisPerImage) {
    }

    /**
     * The most load before a mode is measured; it ends earlier when the JIT has settled ({@link Load#warmUp}).
     * A fixed 3 s left C2 compiling the gRPC stack through the first rounds (the gRPC path's CPU per image
     * fell from 2.5 to 1.4 ms over five 6 s rounds, while the other paths' stayed put), charged to the path.
     */
    static final Duration WARM_UP = Duration.ofSeconds(60);

    private final ModelPackage pkg;
    private final int threads;
    private final Duration perMode;
    private final int rounds;
    private final PrintStream out;

    public ServeBench(ModelPackage pkg, int threads, Duration perMode, int rounds, PrintStream out) {
        this.pkg = pkg;
        this.threads = threads;
        this.perMode = perMode;
        this.rounds = rounds;
        this.out = out;
    }

    public List<Result> run() throws Exception {
        return run(mode -> true);
    }

    /**
     * Runs the in-process limit and the modes {@code include} accepts (by name, as printed).
     *
     * @return the limit first, then the included modes in the usual order
     */
    public List<Result> run(java.util.function.Predicate<String> include) throws Exception {
        List<byte[]> images = BenchImages.pngs(64, pkg.descriptor().input().width(), pkg.descriptor().input().height(), 42);
        ModelFiles.Loaded loaded = ModelFiles.load("bench", "1", pkg, DecisionPolicy.of(pkg.descriptor()));
        ModelFiles.Loaded again = ModelFiles.load("bench", "1", pkg, DecisionPolicy.of(pkg.descriptor()));
        ServeConfig config = ServeConfig.defaults().withConcurrency(threads, 4096);
        try (ImageClassifier direct = ImageClassifier.load(pkg, 1);
             PredictionServer server = PredictionServer.start(config.withMaxBatch(1), ModelRepository.of(List.of(loaded.served())), loaded.owned());
             PredictionServer batching = PredictionServer.start(config.withMaxBatch(8), ModelRepository.of(List.of(again.served())), again.owned());
             BenchRequests requests = new BenchRequests(pkg.descriptor(), direct.preprocessor(), images)) {
            Map<String, Load.Op> modes = modes(direct, images, requests, server, batching.httpPort());
            modes.keySet().removeIf(m -> !m.equals("in-process limit") && !include.test(m));
            Map<String, List<Load.Measurement>> runs = new LinkedHashMap<>();
            modes.keySet().forEach(m -> runs.put(m, new ArrayList<>()));
            // twice: a mode's profile can make the JIT recompile code another mode shares (the V2 and gRPC
            // paths share the inferencer), so the second pass settles what the first pass's later modes undid
            for (int pass = 1; pass <= 2; pass++) {
                for (Map.Entry<String, Load.Op> m : modes.entrySet()) {
                    Duration took = Load.warmUp(clients(m.getKey()), WARM_UP, m.getValue());
                    out.printf("  warm-up %d  %-34s %5.1f s%n", pass, m.getKey(), took.toMillis() / 1e3);
                }
            }
            for (int r = 0; r < rounds; r++) {
                for (Map.Entry<String, Load.Op> m : modes.entrySet()) {
                    Load.Measurement x = Load.measure(clients(m.getKey()), perMode, m.getValue());
                    runs.get(m.getKey()).add(x);
                    out.printf("  round %d  %-34s %8.1f images/s  %6.2f CPU ms/image  %6.2f server  JIT %4d ms%n", r + 1, m.getKey(),
                            x.imagesPerSecond(), x.cpuMillisPerImage(), m.getKey().startsWith("in-process") ? x.cpuMillisPerImage()
                                    : x.serverCpuMillisPerImage(), x.jitMillis());
                }
            }
            List<Result> results = new ArrayList<>();
            runs.forEach((mode, ms) -> results.add(summarise(mode, ms)));
            return results;
        }
    }

    private int clients(String mode) {
        return mode.startsWith("in-process") ? threads : BenchRequests.clients(mode, threads);
    }

    private Map<String, Load.Op> modes(ImageClassifier direct, List<byte[]> images, BenchRequests requests,
                                       PredictionServer server, int batchingPort) {
        Preprocessor pre = direct.preprocessor();
        Map<String, Load.Op> modes = new LinkedHashMap<>();
        modes.put("in-process limit", client -> i -> {
            direct.classify(images.get(i % images.size()));
            return 1;
        });
        modes.put("in-process, batches of 8", client -> i -> {
            float[] batch = new float[8 * pre.size()];
            for (int k = 0; k < 8; k++) {
                pre.apply(BenchRequests.decode(images.get((i * 8 + k) % images.size())), batch, k * pre.size());
            }
            direct.classifyPreprocessed(batch, 8);
            return 8;
        });
        Map<String, Load.Op> paths = requests.server(server.httpPort(), server.grpcPort());
        paths.forEach((name, op) -> {
            modes.put(name.startsWith("/inspect") ? "/inspect (PNG body), no batching" : name, op);
            if (name.startsWith("/inspect")) {
                modes.put("/inspect, batching up to 8", requests.inspect(batchingPort));
            }
        });
        return modes;
    }

    static Result summarise(String mode, List<Load.Measurement> ms) {
        double[] tput = ms.stream().mapToDouble(Load.Measurement::imagesPerSecond).sorted().toArray();
        long[] lat = ms.stream().flatMapToLong(m -> Arrays.stream(m.latencyNanos())).sorted().toArray();
        long errors = ms.stream().mapToLong(Load.Measurement::errors).sum();
        double[] cpu = ms.stream().mapToDouble(Load.Measurement::cpuMillisPerImage).sorted().toArray();
        // in-process, the clients are the ones inferring: all of their CPU is the work
        double[] server = ms.stream().mapToDouble(m -> mode.startsWith("in-process") ? m.cpuMillisPerImage() : m.serverCpuMillisPerImage())
                .sorted().toArray();
        return new Result(mode, tput[tput.length / 2], percentile(lat, 0.5) / 1e6, percentile(lat, 0.99) / 1e6, errors,
                cpu[cpu.length / 2], server[server.length / 2]);
    }

    private static double percentile(long[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }
}
