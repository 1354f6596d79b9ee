package dev.loupe.train.external;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.dataset.Sample;
import dev.loupe.core.dataset.Split;
import dev.loupe.core.inference.InferenceException;
import dev.loupe.core.model.BareOnnx;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.model.Prediction;
import dev.loupe.train.Lineages;
import dev.loupe.train.Params;
import dev.loupe.train.Progress;
import dev.loupe.train.Trainer;
import dev.loupe.train.TrainingData;
import dev.loupe.train.TrainingException;
import dev.loupe.train.TrainingResult;
import dev.loupe.train.eval.BinaryMetrics;
import dev.loupe.train.eval.ThresholdChoice;

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
import java.util.List;
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
 * The work folder is deleted after a success and kept, for inspection, after a failure. The decision
 * threshold: {@code threshold} from metrics.json if the program wrote one, else the one that reaches
 * {@code --param target_recall} on the validation split (the CLI passes the project's), as the other trainers'.
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
        // read before the program runs: a bad value should not cost a training
        String targetText = params.get("target_recall");
        Double target = targetText == null ? null : Params.number(name(), "target_recall", targetText, 0, 1);
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
            // the first line is what a CLI prints: it carries the last line the program wrote, often its error
            String last = tail.reversed().stream().filter(l -> !l.isBlank()).findFirst().map(String::strip).orElse(null);
            throw new TrainingException("the external trainer exited with code " + exit
                    + (last == null ? "; it printed nothing" : "; its last line: " + last) + " (work folder kept at " + work
                    + ")" + (tail.isEmpty() ? "" : "\nits last output:\n  " + String.join("\n  ", tail)));
        }
        Path onnx = out.resolve("model.onnx");
        if (!Files.isRegularFile(onnx)) {
            throw new TrainingException("the external trainer succeeded but wrote no " + onnx + " (work folder kept)");
        }
        Map<String, Double> metrics;
        try {
            metrics = readMetrics(out.resolve("metrics.json"));
        } catch (TrainingException e) {
            throw new TrainingException(e.getMessage() + " (work folder kept at " + work + ")", e);
        }
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
        try {
            pkg = withThreshold(pkg, data, target, metrics, progress);
        } catch (TrainingException e) {
            throw new TrainingException(e.getMessage() + " (work folder kept at " + work + ")", e);
        }
        deleteTree(work);
        return new TrainingResult(pkg, metrics);
    }

    /**
     * The decision threshold, as the other trainers set theirs: {@code threshold} from metrics.json when the program
     * wrote one; else, given {@code target_recall}, the threshold that reaches it on the validation split, scored
     * through the serving path (with the validation metrics at it added to {@code metrics}); else the package's.
     */
    private static ModelPackage withThreshold(ModelPackage pkg, TrainingData data, Double target,
                                              Map<String, Double> metrics, Progress progress)
            throws TrainingException, IOException {
        Double given = metrics.get("threshold");
        if (given != null) {
            if (!(given >= 0 && given <= 1)) {
                throw new TrainingException("metrics.json's threshold must be within 0..1, got " + given);
            }
            progress.message(String.format(Locale.ROOT, "external: threshold %.4f from metrics.json", given));
            return pkg.withDescriptor(pkg.descriptor().withThreshold(given));
        }
        List<Sample> validation = data.split(Split.VALIDATION);
        boolean[] truth = new boolean[validation.size()];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = data.isPositive(validation.get(i));
        }
        int defects = 0;
        for (boolean t : truth) {
            defects += t ? 1 : 0;
        }
        if (target == null || defects == 0 || defects == truth.length) {
            progress.message(String.format(Locale.ROOT, "external: threshold %.4f (no target recall or no validation"
                    + " split with both classes to choose one on)", pkg.descriptor().threshold()));
            return pkg;
        }
        double recall = target;
        double[] scores;
        try {
            scores = data.predict(pkg, validation).stream().mapToDouble(Prediction::score).toArray();
        } catch (InferenceException e) {
            throw new TrainingException("the external trainer's model does not run on the validation images: "
                    + e.getMessage(), e);
        }
        ThresholdChoice choice = ThresholdChoice.forRecall(scores, truth, recall);
        BinaryMetrics m = BinaryMetrics.of(scores, truth, choice.threshold());
        Map<String, Double> validationMetrics = new TreeMap<>(Map.of("validation.auroc", m.auroc(),
                "validation.recall", m.recall(), "validation.false_reject_rate", m.falseRejectRate(),
                "validation.precision", m.precision(), "validation.accuracy", m.accuracy()));
        validationMetrics.values().removeIf(v -> Double.isNaN(v));
        validationMetrics.forEach(metrics::putIfAbsent);
        progress.message(String.format(Locale.ROOT, "external: threshold %.4f for recall %.3f on validation (false-reject"
                + " rate %.3f)", choice.threshold(), choice.recall(), choice.falseRejectRate()));
        return pkg.withDescriptor(pkg.descriptor().withThreshold(choice.threshold()).withMetrics(metrics));
    }

    private static Map<String, Double> readMetrics(Path file) throws TrainingException, IOException {
        Map<String, Double> metrics = new TreeMap<>();
        if (!Files.exists(file)) {
            return metrics;
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new TrainingException(file + " is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"), e);
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
