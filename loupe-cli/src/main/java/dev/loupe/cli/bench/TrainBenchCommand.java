package dev.loupe.cli.bench;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.UserException;
import dev.loupe.train.TrainingException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code loupe bench train}: the baseline and the CNN trained on the default synthetic set in a
 * temporary home and evaluated on its test split side by side (AUROC, recall per defect type at the
 * target-recall threshold, false-reject rate, training time, epochs), then the CNN trained again with
 * the same seed to check that it reproduces. The CNN is trained with its rule branch ({@code rule_branch=true}
 * unless {@code --cnn-param rule_branch=false}), which gives two columns from one training: the CNN alone (its
 * default package, read from the combined package's CNN branch) and the CNN with the rules.
 */
@Command(name = "train", description = {"Baseline vs CNN on the default synthetic set (stable line, fixed seed) in a "
        + "temporary home: test AUROC, recall per defect type at the target-recall threshold, false-reject rate, "
        + "training time and epochs side by side (the CNN alone and, from the same training, the CNN with its rule "
        + "branch), and a same-seed rerun of the CNN."})
final class TrainBenchCommand implements Callable<Integer> {

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @Option(names = "--train-images", paramLabel = "N", description = "training images; the set is N/0.7 images "
            + "split 0.7/0.15/0.15 (default: ${DEFAULT-VALUE})")
    int trainImages = 2000;

    @Option(names = "--seed", paramLabel = "S", description = "generator and trainer seed (default: ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--cnn-param", paramLabel = "K=V", description = "a CNN parameter instead of its default (repeatable)")
    Map<String, String> cnnParams = new LinkedHashMap<>();

    @Option(names = "--no-rerun", description = "skip the same-seed rerun of the CNN")
    boolean noRerun;

    @Option(names = "--work", paramLabel = "DIR", description = "keep the images and the home here (default: a temporary "
            + "directory, deleted afterwards)")
    Path work;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        boolean temporary = work == null;
        Path dir = temporary ? Files.createTempDirectory("loupe-bench-train") : Files.createDirectories(work);
        if (!temporary) {
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new UserException(ExitCodes.USAGE, "--work " + dir + " is not empty");
                }
            }
        }
        TrainBenchmark bench;
        try {
            bench = new TrainBenchmark(dir, trainImages, seed, out);
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCodes.USAGE, e.getMessage());
        }
        try {
            out.printf(Locale.ROOT, "generating and importing a stable line for %d training images, seed %d, in %s%n",
                    trainImages, seed, dir);
            out.flush();
            TrainBenchmark.DataSet set = bench.prepare();
            out.printf(Locale.ROOT, "  %s: %d train, %d validation, %d test (generated in %.1f s, imported in %.1f s)%n",
                    set.version(), set.train(), set.validation(), set.test(), seconds(set.generate()), seconds(set.load()));
            List<TrainBenchmark.Outcome> outcomes = new ArrayList<>();
            outcomes.add(train(bench, out, "baseline", Map.of()));
            Map<String, String> withRules = new LinkedHashMap<>(cnnParams);
            withRules.putIfAbsent("rule_branch", "true"); // one training gives the CNN alone and the CNN with the rules
            TrainBenchmark.Outcome cnn = train(bench, out, "cnn", withRules);
            cnn.branch().ifPresent(outcomes::add);
            outcomes.add(cnn);
            TrainBenchmark.Outcome rerun = noRerun ? null : train(bench, out, "cnn", withRules);
            out.println();
            out.print(TrainBenchTable.render(outcomes, bench.targetRecall()));
            if (rerun != null) {
                out.print(TrainBenchTable.rerun(cnn, rerun));
            }
            out.printf(Locale.ROOT, "%d cores; training time is wall-clock and depends on what else the machine runs "
                    + "(CPU seconds are the whole process's)%n", Runtime.getRuntime().availableProcessors());
        } catch (TrainingException e) {
            throw new UserException(ExitCodes.FAILED, e.getMessage());
        } finally {
            bench.close();
            if (temporary) {
                delete(dir);
            }
        }
        return ExitCodes.OK;
    }

    private static TrainBenchmark.Outcome train(TrainBenchmark bench, PrintWriter out, String trainer,
                                                Map<String, String> params) throws IOException, TrainingException {
        out.printf("training %s%s%n", trainer, params.isEmpty() ? "" : " " + params);
        out.flush();
        TrainBenchmark.Outcome o = bench.run(trainer, params);
        out.printf(Locale.ROOT, "  %s: %.1f s wall, %.1f s CPU, test AUROC %.4f%n", o.trainer(), seconds(o.wall()),
                seconds(o.cpu()), o.test().overall().auroc());
        return o;
    }

    private static double seconds(java.time.Duration d) {
        return d.toNanos() / 1e9;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
