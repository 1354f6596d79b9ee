package dev.loupe.cli.bench;

import dev.loupe.core.config.ConfigLoader;
import dev.loupe.core.config.LoupeConfig;
import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.dataset.Sample;
import dev.loupe.core.dataset.Split;
import dev.loupe.core.inference.InferenceException;
import dev.loupe.core.model.ImageClassifier;
import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.project.Project;
import dev.loupe.core.project.ProjectFile;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.data.generate.DatasetGenerator;
import dev.loupe.data.generate.GenerateRequest;
import dev.loupe.data.generate.LineOptions;
import dev.loupe.data.generate.Scenario;
import dev.loupe.data.imports.DatasetImporter;
import dev.loupe.data.imports.ImportFormat;
import dev.loupe.data.imports.ImportRequest;
import dev.loupe.data.version.SplitRatios;
import dev.loupe.store.BlobStores;
import dev.loupe.store.jdbc.MetadataStores;
import dev.loupe.train.Progress;
import dev.loupe.train.Trainer;
import dev.loupe.train.TrainingData;
import dev.loupe.train.TrainingException;
import dev.loupe.train.TrainingResult;
import dev.loupe.train.baseline.BaselineTrainer;
import dev.loupe.train.cnn.CnnModelTrainer;
import dev.loupe.train.eval.Evaluation;
import dev.loupe.train.eval.Evaluator;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The trainers side by side on the default synthetic set: generates a {@code stable} production line
 * (128 px, 25% defects, a fixed seed) sized so the default 0.7/0.15/0.15 split leaves the asked number
 * of training images, imports it into a fresh Loupe home under {@code work}, trains each trainer with
 * its defaults and the project template's target recall, and evaluates each model on the test split
 * through the serving path ({@link ImageClassifier}). A rerun with the same seed checks that training
 * reproduces. Not thread-safe; run once.
 *
 * <p>Command: {@code ./loupe bench train} (see {@link TrainBenchCommand}); figures in
 * docs/benchmarks.md, section "Trainers side by side".
 */
final class TrainBenchmark {

    /** What one trainer gave: its training metrics, the test evaluation, and what training cost. */
    record Outcome(String trainer, Map<String, Double> trainingMetrics, Evaluation test, Duration wall, Duration cpu,
                   Optional<Outcome> branch) {

        double epochs() {
            return trainingMetrics.getOrDefault("epochs", Double.NaN);
        }
    }

    /** The dataset the trainers saw: its version and the images per split. */
    record DataSet(String version, int train, int validation, int test, Duration generate, Duration load) {
    }

    private final Path work;
    private final int trainImages;
    private final long seed;
    private final PrintWriter log;
    private final Project project = ProjectFile.parse(ProjectFile.template(), "the loupe.yaml template");
    private MetadataStore metadata;
    private BlobStore blobs;
    private TrainingData data;
    private List<Sample> test;

    /**
     * @param work        an empty directory for the generated images and the Loupe home
     * @param trainImages training images wanted (the dataset has about {@code trainImages / 0.7} images)
     * @param seed        seeds the generator and every trainer
     * @param log         progress lines
     */
    TrainBenchmark(Path work, int trainImages, long seed, PrintWriter log) {
        if (trainImages < 20) {
            throw new IllegalArgumentException("at least 20 training images, got " + trainImages);
        }
        this.work = work;
        this.trainImages = trainImages;
        this.seed = seed;
        this.log = log;
    }

    /** Generates and imports the data set; opens the stores (closed by {@link #close}). */
    DataSet prepare() throws IOException {
        Instant t0 = Instant.now();
        int count = (int) Math.ceil(trainImages / SplitRatios.DEFAULT.train());
        Path images = work.resolve("line");
        DatasetGenerator.generate(new GenerateRequest(images, count, Scenario.STABLE, seed, LineOptions.DEFAULT_SIZE,
                LineOptions.DEFAULT_DEFECT_RATE, 0, Runtime.getRuntime().availableProcessors(), false));
        Instant t1 = Instant.now();
        LoupeConfig config = ConfigLoader.load(work.resolve("home"), Map.of(), Map.of());
        metadata = MetadataStores.open(config);
        blobs = BlobStores.open(config);
        DatasetVersion version = DatasetImporter.of(metadata.datasets(), blobs).importFrom(new ImportRequest(
                    images.resolve("manifest.csv"), "bench-line", Optional.of(ImportFormat.MANIFEST),
                SplitRatios.DEFAULT, Optional.empty())).version();
        data = new TrainingData(version.toString(), metadata.datasets().samples(version), blobs, project.labelNames(),
                project.positive(), project.inputs().width(), project.inputs().height(),
                ModelDescriptor.Colour.valueOf(project.inputs().colour().name()));
        test = data.samples().stream().filter(s -> s.split() == Split.TEST).toList();
        Instant t2 = Instant.now();
        return new DataSet(version.toString(), data.split(Split.TRAIN).size(), data.split(Split.VALIDATION).size(),
                data.split(Split.TEST).size(), Duration.between(t0, t1), Duration.between(t1, t2));
    }

    /** Trains one trainer ({@code baseline} or {@code cnn}) with its defaults plus {@code params}, and evaluates it. */
    Outcome run(String trainer, Map<String, String> params) throws IOException, TrainingException {
        Trainer t = switch (trainer) {
            case "baseline" -> new BaselineTrainer(Clock.systemUTC());
            case "cnn" -> new CnnModelTrainer(Clock.systemUTC());
            default -> throw new IllegalArgumentException("unknown trainer " + trainer);
        };
        Map<String, String> given = new TreeMap<>(params);
        given.putIfAbsent("target_recall", Double.toString(project.targets().recall()));
        long cpu0 = processCpuNanos();
        Instant start = Instant.now();
        TrainingResult result = t.train(data, given, seed, progress());
        Duration wall = Duration.between(start, Instant.now());
        Duration cpu = Duration.ofNanos(processCpuNanos() - cpu0);
        Evaluation e = evaluate(result.model(), trainer);
        Optional<Outcome> branch = Optional.empty();
        Double cnnThreshold = result.metrics().get(CnnModelTrainer.CNN_BRANCH_THRESHOLD);
        if (cnnThreshold != null) { // the CNN alone, from the same package, at its own threshold
            ModelPackage alone = ModelPackage.of(result.model().descriptor().withScoreOutput(CnnModelTrainer.CNN_BRANCH_SCORE,
                    cnnThreshold), result.model().onnx());
            Map<String, Double> metrics = Map.of("epochs", result.metrics().get("epochs"),
                    "best_epoch", result.metrics().get("best_epoch")); // the CNN's; its CPU is not measured apart
            Duration cnnWall = Duration.ofMillis(Math.round(1000 * result.metrics().get(CnnModelTrainer.CNN_BRANCH_TRAINING_SECONDS)));
            branch = Optional.of(new Outcome(trainer, metrics, evaluate(alone, trainer), cnnWall, null, Optional.empty()));
            return new Outcome(trainer + " + rules", result.metrics(), e, wall, cpu, branch);
        }
        return new Outcome(trainer, result.metrics(), e, wall, cpu, branch);
    }

    private Evaluation evaluate(ModelPackage model, String trainer) throws IOException {
        try (ImageClassifier classifier = ImageClassifier.load(model, 1)) {
            return new Evaluator(4).evaluate(classifier, data.dataset(), "test", test, blobs, project.targets().recall());
        } catch (InferenceException ex) {
            throw new IOException("the " + trainer + " model does not run: " + ex.getMessage(), ex);
        }
    }

    /** The project's target recall, which sets every model's threshold. */
    double targetRecall() {
        return project.targets().recall();
    }

    void close() {
        try {
            if (blobs != null) {
                blobs.close();
            }
        } finally {
            if (metadata != null) {
                metadata.close();
            }
        }
    }

    private Progress progress() {
        return Progress.messages(line -> {
            log.println("    " + line);
            log.flush();
        });
    }

    /** CPU time of the whole process (every thread), in nanoseconds. */
    static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    /** The test images' scores of two outcomes, largest absolute difference (same images, same order). */
    static double maxScoreDiff(Outcome a, Outcome b) {
        List<Double> x = new ArrayList<>();
        a.test().scored().forEach(s -> x.add(s.score()));
        double max = 0;
        for (int i = 0; i < x.size(); i++) {
            max = Math.max(max, Math.abs(x.get(i) - b.test().scored().get(i).score()));
        }
        return max;
    }
}
