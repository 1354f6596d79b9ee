package dev.loupe.train.external;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.inference.InferenceException;
import dev.loupe.core.model.BareOnnx;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.train.Lineages;
import dev.loupe.train.Progress;
import dev.loupe.train.Trainer;
import dev.loupe.train.TrainingData;
import dev.loupe.train.TrainingException;
import dev.loupe.train.TrainingResult;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Trains with any program: exports the dataset version to a folder ({@link Exporter}), runs the user's
 * command with {@code /bin/sh -c}, and takes back {@code <out>/model.onnx} and, when present,
 * {@code <out>/metrics.json} (a flat object of numbers).
 *
 * <p>The command template's placeholders: {@code {data}} (the exported folder), {@code {out}} (an empty
 * folder for the results), {@code {seed}}; paths are single-quoted for the shell. Every
 * {@code --param k=v} is passed as environment variable {@code LOUPE_PARAM_K} (upper case) and recorded
 * in the lineage; the external trainer accepts any parameter, since only the program knows its own.
 * The program's output (stdout and stderr) is streamed to {@link Progress#message} line by line. A
 * non-zero exit is a {@link TrainingException} with the exit code and the last lines of output. The
 * model is described by {@code input} (size, colour, normalisation, score output), as for a bare model.
 * The work folder is deleted after a success and kept, for inspection, after a failure.
 */
public final class ExternalTrainer implements Trainer {

    private static final int TAIL_LINES = 20;

    private final String command;
    private final BareOnnx.Options input;
    private final Exporter exporter;
    private final Path workParent;
    private final Clock clock;

    /**
     * @param command    the command template, e.g. {@code python train.py --data {data} --out {out}}
     * @param input      how the produced model takes images
     * @param exporter   writes the dataset for the program
     * @param workParent where work folders are created
     */
    public ExternalTrainer(String command, BareOnnx.Options input, Exporter exporter, Path workParent, Clock clock) {
        if (!command.contains("{out}")) {
            throw new IllegalArgumentException("the external command must contain {out}, where it writes model.onnx");
        }
        this.command = command;
        this.input = input;
        this.exporter = exporter;
        this.workParent = workParent;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "external";
    }

    @Override
    public TrainingResult train(TrainingData data, Map<String, String> params, long seed, Progress progress)
            throws TrainingException, IOException {
        Files.createDirectories(workParent);
        Path work = Files.createTempDirectory(workParent, "external-");
        Path dataDir = work.resolve("data");
        Path out = Files.createDirectories(work.resolve("out"));
        exporter.export(data, dataDir);
        String line = command.replace("{data}", quote(dataDir)).replace("{out}", quote(out))
                .replace("{seed}", Long.toString(seed));
        progress.message("external: " + line);
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", line).directory(work.toFile()).redirectErrorStream(true);
        params.forEach((k, v) -> pb.environment().put("LOUPE_PARAM_" + k.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"), v));
        Process process = pb.start();
        Deque<String> tail = new ArrayDeque<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) {
                progress.message(l);
                tail.addLast(l);
                if (tail.size() > TAIL_LINES) tail.removeFirst();
            }
        }
        int exit;
        try {
            exit = process.waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new TrainingException("interrupted while the external trainer ran; work folder kept at " + work);
        }
        if (exit != 0) {
            throw new TrainingException("the external trainer exited with code " + exit + " (work folder kept at " + work
                    + ")" + (tail.isEmpty() ? "" : "; its last output:\n  " + String.join("\n  ", tail)));
        }
        Path onnx = out.resolve("model.onnx");
        if (!Files.isRegularFile(onnx)) {
            throw new TrainingException("the external trainer succeeded but wrote no " + onnx + " (work folder kept)");
        }
        Map<String, Double> metrics = readMetrics(out.resolve("metrics.json"));
        Map<String, String> recorded = new TreeMap<>(params);
        recorded.put("command", command);
        ModelPackage pkg;
        try {
            pkg = BareOnnx.wrap("external-model", Files.readAllBytes(onnx), input,
                    Lineages.of(data, name(), recorded, seed, Map.of()), metrics, clock.instant());
        } catch (InferenceException e) {
            throw new TrainingException("the external trainer's model.onnx does not fit the described input/output: "
                    + e.getMessage() + " (work folder kept at " + work + ")", e);
        }
        deleteTree(work);
        return new TrainingResult(pkg, metrics);
    }

    private static Map<String, Double> readMetrics(Path file) throws TrainingException, IOException {
        Map<String, Double> metrics = new TreeMap<>();
        if (!Files.exists(file)) {
            return metrics;
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new TrainingException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new TrainingException(file + " must be a JSON object of metric names to numbers");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isNumber()) {
                throw new TrainingException(file + ": metric '" + e.getKey() + "' is not a number");
            }
            metrics.put(e.getKey(), e.getValue().asDouble());
        }
        return metrics;
    }

    private static String quote(Path p) {
        return "'" + p.toAbsolutePath().toString().replace("'", "'\\''") + "'";
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
