package dev.loupe.cli.model;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.JsonOutput;
import dev.loupe.cli.UserException;
import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.dataset.Sample;
import dev.loupe.core.dataset.Split;
import dev.loupe.core.inference.InferenceException;
import dev.loupe.core.model.ImageClassifier;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.project.Project;
import dev.loupe.train.eval.Evaluation;
import dev.loupe.train.eval.EvaluationReport;
import dev.loupe.train.eval.Evaluator;
import dev.loupe.train.eval.WorstExamples;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code loupe eval}: evaluates a model on a dataset split: metrics at the model's threshold, the
 * threshold for the project's target recall, latency, and error analysis by slice with the worst
 * examples written as PNGs. {@code --json} prints {@link EvaluationReport#tree}'s document, the one
 * {@code --out} writes as report.json (docs/cli-json.md).
 */
@Command(name = "eval", description = "Evaluate a model on a dataset split: metrics, target-recall threshold, latency, slices.")
public final class EvalCommand implements java.util.concurrent.Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions global;

    @Option(names = "--model", required = true, paramLabel = "REF|PATH", description = "NAME@ALIAS, NAME/VERSION, sha256:<id>, or a package directory or .zip")
    String model;

    @Option(names = "--dataset", required = true, paramLabel = "NAME[@VERSION]", description = "the dataset version")
    String dataset;

    @Option(names = "--split", defaultValue = "test", description = "train, validation or test (default: test)")
    String split;

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @Option(names = "--out", paramLabel = "DIR", description = "write report.json, report.txt and worst/<slice>/*.png here")
    Path outDir;

    @Option(names = "--project", paramLabel = "FILE", description = "project file (default: ./loupe.yaml, else the template's defaults)")
    Path project;

    @Option(names = "--bins", defaultValue = "4", description = "quantile bins for numeric slice columns (default: 4)")
    int bins;

    @Option(names = "--worst", defaultValue = "5", description = "worst examples written per slice (default: 5)")
    int worst;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Project p = ModelStores.project(project == null ? Path.of("loupe.yaml") : project, project != null);
        Split s = Split.parse(split);
        try (ModelStores stores = ModelStores.open(global.config())) {
            ModelPackage pkg = stores.model(model);
            DatasetVersion version = stores.dataset(dataset);
            List<Sample> samples = stores.metadata().datasets().samples(version).stream().filter(x -> x.split() == s).toList();
            Evaluation e;
            try (ImageClassifier classifier = ImageClassifier.load(pkg, 1)) {
                e = new Evaluator(bins).evaluate(classifier, version.toString(), s.lower(), samples, stores.blobs(),
                        p.targets().recall());
            } catch (InferenceException ex) {
                throw new UserException(ExitCodes.FAILED, "the model cannot run: " + ex.getMessage());
            } catch (IllegalArgumentException ex) {
                throw new UserException(ExitCodes.FAILED, ex.getMessage());
            }
            String text = EvaluationReport.text(e, 10);
            String report = JsonOutput.text(EvaluationReport.tree(e)) + "\n";
            out.print(json ? report : text);
            out.flush();
            if (outDir != null) {
                Files.createDirectories(outDir);
                Files.writeString(outDir.resolve("report.json"), report);
                Files.writeString(outDir.resolve("report.txt"), text);
                int n = WorstExamples.write(outDir.resolve("worst"), e, stores.blobs(), worst).size();
                if (!json) {
                    out.printf("wrote %s/report.json, report.txt and %d worst examples under %s/worst%n", outDir, n, outDir);
                }
            }
        }
        return ExitCodes.OK;
    }
}
