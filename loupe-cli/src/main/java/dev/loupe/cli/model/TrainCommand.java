package dev.loupe.cli.model;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.UserException;
import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.model.BareOnnx;
import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.project.Project;
import dev.loupe.core.store.BlobId;
import dev.loupe.train.ParamException;
import dev.loupe.train.Progress;
import dev.loupe.train.Trainer;
import dev.loupe.train.TrainingData;
import dev.loupe.train.TrainingException;
import dev.loupe.train.TrainingRecord;
import dev.loupe.train.TrainingResult;
import dev.loupe.train.baseline.BaselineTrainer;
import dev.loupe.train.external.ExternalTrainer;
import dev.loupe.train.external.ImageFolderExport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code loupe train}: trains a model on a dataset version with the baseline, CNN or an external
 * command, stores its package in the blob store, logs the run (params, metrics, dataset, code version)
 * and registers the package as a new version of the model; prints the run id and the version.
 */
@Command(name = "train", description = "Train a model on a dataset version (baseline, cnn or an external command).")
public final class TrainCommand implements java.util.concurrent.Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions global;

    @Option(names = "--dataset", required = true, paramLabel = "NAME[@VERSION]", description = "the dataset version")
    String dataset;

    @Option(names = "--trainer", defaultValue = "baseline", paramLabel = "TRAINER", description = "baseline, cnn or external (default: baseline)")
    String trainer;

    @Option(names = "--param", paramLabel = "K=V", description = "a trainer parameter (repeatable)")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--seed", defaultValue = "42", description = "random seed (default: 42)")
    long seed;

    @Option(names = "--name", paramLabel = "MODEL", description = "model name (default: defect-<trainer>)")
    String name;

    @Option(names = "--experiment", paramLabel = "NAME", description = "experiment the run is logged under (default: the project name)")
    String experiment;

    @Option(names = "--project", paramLabel = "FILE", description = "project file (default: ./loupe.yaml, else the template's defaults)")
    Path project;

    @Option(names = "--command", paramLabel = "CMD", description = "external trainer: the command, with {data}, {out} (and {seed})")
    String command;

    @Option(names = "--score-output", paramLabel = "NAME", description = "external trainer: the model's score output (default: its first)")
    String scoreOutput;

    @Option(names = "--out", paramLabel = "DIR", description = "also write the package as a directory here")
    Path outDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Project p = ModelStores.project(project == null ? Path.of("loupe.yaml") : project, project != null);
        try (ModelStores stores = ModelStores.open(global.config())) {
            DatasetVersion version = stores.dataset(dataset);
            TrainingData data = new TrainingData(version.toString(), stores.metadata().datasets().samples(version),
                    stores.blobs(), p.labelNames(), p.positive(), p.inputs().width(), p.inputs().height(),
                    ModelDescriptor.Colour.valueOf(p.inputs().colour().name()));
            Map<String, String> given = new TreeMap<>(params);
            for (String reserved : TrainingRecord.RESERVED_PARAMS) {
                if (given.containsKey(reserved)) {
                    throw new UserException(ExitCodes.USAGE, "--param " + reserved + "=... is recorded from --" + reserved
                            + "; use --" + reserved);
                }
            }
            Trainer t = trainer(p, given);
            String modelName;
            try {
                modelName = ModelDescriptor.checkName(name != null ? name : "defect-" + t.name());
            } catch (IllegalArgumentException e) {
                throw new UserException(ExitCodes.USAGE, "--name: " + e.getMessage());
            }
            out.printf("training %s on %s (%d samples), seed %d%n", t.name(), version, data.samples().size(), seed);
            Map<String, Integer> other = data.otherLabels();
            if (!other.isEmpty()) {
                out.printf("  left out %d samples whose label is not one of the project's (%s): %s%n",
                        other.values().stream().mapToInt(Integer::intValue).sum(), String.join(", ", p.labelNames()),
                        other.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
            }
            java.time.Instant started = java.time.Instant.now();
            TrainingRecord.Run run;
            try {
                run = new TrainingRecord(stores.metadata().tracking(), stores.metadata().registry(), Clock.systemUTC())
                        .start(experiment != null ? experiment : p.name(), System.getProperty("user.name", "loupe"),
                                started, version, modelName, t.name(), logged(given), seed);
            } catch (IllegalArgumentException e) {
                throw new UserException(ExitCodes.USAGE, "--experiment: " + e.getMessage());
            }
            TrainingRecord.Recorded recorded;
            ModelPackage pkg;
            BlobId id;
            Map<String, Double> metrics;
            // Ctrl-C or a TERM signal while training: the run ends FAILED rather than RUNNING forever (a KILL cannot)
            Thread stopped = new Thread(() -> run.fail("stopped by a signal while training"), "loupe-train-stopped");
            Runtime.getRuntime().addShutdownHook(stopped);
            try {
                TrainingResult result = t.train(data, given, seed, run.progress(progress(out)));
                metrics = result.metrics();
                pkg = result.model().withDescriptor(result.model().descriptor().withName(modelName));
                id = pkg.store(stores.blobs());
                recorded = run.finish(pkg, id, metrics);
            } catch (TrainingException e) {
                run.fail(e);
                throw new UserException(ExitCodes.FAILED, e.getMessage());
            } catch (ParamException e) {
                String message = "--param " + e.param() + ": " + e.problem();
                run.fail(message);
                throw new UserException(ExitCodes.USAGE, message);
            } catch (RuntimeException | IOException e) {
                run.fail(e);
                throw e;
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(stopped);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or has run
                }
            }
            out.printf("run %s%n", recorded.runId());
            out.printf("model %s/%d, threshold %.4f%n", modelName, recorded.version().version(), pkg.descriptor().threshold());
            new TreeMap<>(metrics).forEach((k, v) -> out.printf(Locale.ROOT, "  %-32s %.4f%n", k, v));
            out.printf("package sha256:%s stored in %s%n", id.sha256(), stores.blobs().location());
            if (outDir != null) {
                pkg.writeDirectory(outDir);
                out.printf("package written to %s%n", outDir);
            }
        }
        return ExitCodes.OK;
    }

    /** What the run logs as params at its start: the trainer's params and, for an external trainer, its command. */
    private Map<String, String> logged(Map<String, String> given) {
        Map<String, String> logged = new TreeMap<>(given);
        if ("external".equals(trainer)) {
            logged.put("command", command);
        }
        return logged;
    }

    private Trainer trainer(Project p, Map<String, String> given) {
        return switch (trainer) {
            case "baseline" -> {
                given.putIfAbsent("target_recall", Double.toString(p.targets().recall()));
                yield new BaselineTrainer(Clock.systemUTC());
            }
            case "external" -> {
                if (command == null) {
                    throw new UserException(ExitCodes.USAGE, "--trainer external needs --command 'CMD {data} {out}'");
                }
                Project.Inputs x = p.inputs();
                ModelDescriptor.Colour colour = ModelDescriptor.Colour.valueOf(x.colour().name());
                BareOnnx.Options input = new BareOnnx.Options(x.width(), x.height(), colour,
                        ModelDescriptor.Normalisation.unit(colour.channels), Optional.empty(),
                        Optional.ofNullable(scoreOutput), p.labelNames(), p.positive(), 0.5);
                given.putIfAbsent("target_recall", Double.toString(p.targets().recall()));
                yield new ExternalTrainer(command, input, new ImageFolderExport(),
                        global.config().home().resolve("work"), Clock.systemUTC());
            }
            case "cnn" -> {
                given.putIfAbsent("target_recall", Double.toString(p.targets().recall()));
                yield new dev.loupe.train.cnn.CnnModelTrainer(Clock.systemUTC());
            }
            default -> throw new UserException(ExitCodes.USAGE, "unknown trainer '" + trainer + "' (" + String.join(", ",
                    List.of("baseline", "cnn", "external")) + ")");
        };
    }

    private static Progress progress(PrintWriter out) {
        return Progress.messages(line -> {
            out.println("  " + line);
            out.flush();
        });
    }
}
