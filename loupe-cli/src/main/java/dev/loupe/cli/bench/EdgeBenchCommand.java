package dev.loupe.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.UserException;
import dev.loupe.core.decision.DecisionPolicy;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.serve.PredictionServer;
import dev.loupe.serve.ServeConfig;
import dev.loupe.serve.model.ModelFiles;
import dev.loupe.serve.model.ModelRepository;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code loupe bench edge --model PKG}: the edge agent as a station runs it, each measurement a fresh
 * agent process on the edge distribution ({@code $LOUPE_EDGE_LIB}, set by {@code ./loupe}): cold start
 * to the first decision (local model), frames/s sustained with local inference and with remote
 * inference on a prediction server in this process (over {@code /inspect} and over OIP v2 binary, each
 * with the package as the local fallback), and the agent's peak resident memory.
 * Command: {@code ./loupe bench edge --model PKG [--frames 3000]}.
 */
@Command(name = "edge", mixinStandardHelpOptions = true,
        description = "Edge agent: cold start to first decision, frames/s local and remote, resident memory.")
final class EdgeBenchCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "a model package (directory or .zip)")
    Path model;
    @Option(names = "--frames", defaultValue = "3000", description = "frames per throughput run (default: ${DEFAULT-VALUE})")
    int frames;
    @Option(names = "--size", defaultValue = "64", description = "synthetic image side (default: ${DEFAULT-VALUE})")
    int size;
    @Option(names = "--starts", defaultValue = "3", description = "cold starts to time, 0 for none (default: ${DEFAULT-VALUE})")
    int starts;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String lib = System.getenv("LOUPE_EDGE_LIB");
        if (lib == null || !Files.isDirectory(Path.of(lib))) {
            throw new UserException(ExitCodes.CONFIG, "LOUPE_EDGE_LIB does not name the edge distribution (run through ./loupe)");
        }
        ModelPackage pkg = ModelPackage.read(model);
        var out = spec.commandLine().getOut();
        Path tmp = Files.createTempDirectory("loupe-bench-edge");
        out.printf(Locale.ROOT, "edge agent, model %s, synthetic %dx%d frames, %d cores%n", pkg, size, size,
                Runtime.getRuntime().availableProcessors());
        for (boolean cds : starts > 0 ? new boolean[]{false, true} : new boolean[0]) {
            List<JsonNode> runs = new ArrayList<>();
            long[] wall = new long[starts];
            Path archive = tmp.resolve(aot() ? "edge.aot" : "edge.jsa");
            if (cds) { // the class data the launcher keeps: made by a first run at its exit, used by the next ones
                agent(lib, tmp.resolve("cds"), List.of("--model", model.toString(), "--max-frames", "1"), cdsFlags(archive, true));
            }
            for (int i = 0; i < starts; i++) {
                long t0 = System.nanoTime();
                runs.add(agent(lib, tmp.resolve("cold" + cds + i), List.of("--model", model.toString(), "--max-frames", "1"),
                        cds ? cdsFlags(archive, false) : List.of()));
                wall[i] = (System.nanoTime() - t0) / 1_000_000;
            }
            runs.sort(java.util.Comparator.comparingLong(r -> r.path("first_decision_ms").asLong()));
            Arrays.sort(wall);
            JsonNode median = runs.get(starts / 2);
            long[] cpu = runs.stream().mapToLong(r -> r.path("cpu_ms").asLong()).sorted().toArray();
            out.printf(Locale.ROOT, "cold start to first decision (local, %s): median %d ms from JVM start (min %d, max %d); "
                            + "%d ms spawn to exit; %d ms CPU%n",
                    cds ? (aot() ? "AOT cache" : "class-data archive") + " as ./loupe edge keeps" : "no class-data archive",
                    median.path("first_decision_ms").asLong(), runs.getFirst().path("first_decision_ms").asLong(),
                    runs.getLast().path("first_decision_ms").asLong(), wall[starts / 2], cpu[starts / 2]);
            StringBuilder steps = new StringBuilder();
            median.path("startup_ms").properties().forEach(e -> steps.append(steps.isEmpty() ? "" : ", ")
                    .append(e.getKey()).append(' ').append(e.getValue().asLong()));
            out.printf(Locale.ROOT, "  steps of the median start, ms from JVM start: %s%n", steps);
        }
        JsonNode local = agent(lib, tmp.resolve("local"), List.of("--model", model.toString(), "--max-frames", "" + frames));
        out.printf(Locale.ROOT, "local inference:  %8.1f frames/s sustained over %d frames, peak RSS %d MiB%n",
                local.path("fps").asDouble(), frames, local.path("peak_rss_kb").asLong() / 1024);
        List<AutoCloseable> owned = new ArrayList<>();
        ModelFiles.Loaded m = ModelFiles.load(pkg.descriptor().name(), "1", pkg, DecisionPolicy.of(pkg.descriptor()));
        owned.addAll(m.owned());
        try (PredictionServer server = PredictionServer.start(ServeConfig.defaults().withPorts(0, -1),
                ModelRepository.of(List.of(m.served())), owned)) {
            String url = "http://127.0.0.1:" + server.httpPort();
            for (String protocol : List.of("inspect", "v2")) {
                // as a station runs it: the server first, the same package as the fallback (V2 reads tensors with its descriptor)
                JsonNode remote = agent(lib, tmp.resolve("remote-" + protocol), List.of("--server", url, "--protocol", protocol,
                        "--model", model.toString(), "--budget-ms", "1000", "--max-frames", "" + frames));
                out.printf(Locale.ROOT, "remote inference (%-7s): %8.1f frames/s sustained over %d frames (server in the bench process, same cores), peak RSS %d MiB%n",
                        protocol, remote.path("fps").asDouble(), frames, remote.path("peak_rss_kb").asLong() / 1024);
            }
        }
        return 0;
    }

    /** JDK 25+: an AOT cache (JEP 483/514), as ./loupe edge keeps; before that a dynamic CDS archive. */
    private static boolean aot() {
        return Runtime.version().feature() >= 25;
    }

    /** The flags ./loupe edge starts the agent with: {@code create} for the first run, which writes the archive at exit. */
    private static List<String> cdsFlags(Path archive, boolean create) {
        if (aot()) {
            return List.of(create ? "-XX:AOTCacheOutput=" + archive : "-XX:AOTCache=" + archive, "-XX:+DisplayVMOutputToStderr",
                    "-Xlog:aot*=off", "-Xlog:cds*=off");
        }
        return List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    private JsonNode agent(String lib, Path state, List<String> extra) throws IOException, InterruptedException {
        return agent(lib, state, extra, List.of());
    }

    private JsonNode agent(String lib, Path state, List<String> extra, List<String> jvm) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-cp", lib + "/*", "dev.loupe.edge.cli.EdgeMain", "edge",
                "--source", "synthetic:stable", "--size", "" + size, "--state", state.toString(), "--listen", "127.0.0.1:0",
                "--no-status", "--sync-interval-s", "0", "--images", "none"));
        cmd.addAll(extra);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String stdout = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new UserException(ExitCodes.FAILED, "the edge agent failed: " + String.join(" ", cmd));
        }
        String last = stdout.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse("{}");
        JsonNode summary = new ObjectMapper().readTree(last);
        if (!summary.path("first_decision_ms").isNumber()) {
            throw new UserException(ExitCodes.FAILED, "the edge agent decided no frame (its summary: " + last + "): " + String.join(" ", cmd));
        }
        return summary;
    }
}
