package dev.loupe.cli.labels;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.JsonOutput;
import dev.loupe.cli.ProjectFiles;
import dev.loupe.cli.UserException;
import dev.loupe.core.dataset.DatasetRef;
import dev.loupe.core.dataset.DatasetRepository;
import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.project.Project;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.data.labels.LabelCheck;
import dev.loupe.data.labels.LabelManifest;
import dev.loupe.data.labels.LabelReport;
import dev.loupe.data.labels.LabelReportJson;
import dev.loupe.data.labels.LabelReportText;
import dev.loupe.data.labels.LabelTable;
import dev.loupe.store.jdbc.MetadataStores;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code loupe labels check NAME@VERSION | --manifest PATH}: agreement between annotators, the
 * Dawid-Skene consensus, human-level performance, annotator bias, disagreements beside the label book and
 * the re-label queue. Exits 1 when a finding is an error (agreement too low to train on, a label outside
 * the label book), with or without {@code --json} ({@link LabelReportJson}'s document, docs/cli-json.md).
 */
@Command(name = "check", description = {
        "Check label quality: agreement, consensus, disagreements, re-label queue.",
        "Agreement (Cohen, Fleiss, Krippendorff), consensus (Dawid-Skene), human-level recall, annotator bias, disagreements worst first, the re-label queue.",
        "Exits 1 when agreement is too low to train on or a label is not in the label book."})
final class LabelsCheckCommand implements Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions global;

    @Parameters(arity = "0..1", paramLabel = "NAME@VERSION", description = "the dataset version whose annotations to check")
    String dataset;

    @Option(names = "--manifest", paramLabel = "PATH", description = "check a CSV manifest's annotator_* columns instead (column file plus one annotator_<name> per annotator)")
    Path manifest;

    @Option(names = "--project", paramLabel = "FILE", description = "project file with the label book and the positive label (default: ./loupe.yaml when present)")
    Path project;

    @Option(names = "--threshold", paramLabel = "P", description = "queue items whose consensus confidence is below P for re-labelling (default: ${DEFAULT-VALUE})")
    double threshold = LabelCheck.DEFAULT_THRESHOLD;

    @Option(names = "--limit", paramLabel = "N", description = "rows of disagreements and re-label queue to print (default: ${DEFAULT-VALUE}; --json prints all)")
    int limit = 20;

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if ((dataset == null) == (manifest == null)) {
            throw new UserException(ExitCodes.USAGE, "give either NAME@VERSION or --manifest PATH");
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new UserException(ExitCodes.USAGE, "--threshold must be between 0 and 1 (got " + threshold + ")");
        }
        Optional<Project> p = ProjectFiles.optional(project);
        List<String> order = p.map(Project::labelNames).orElse(List.of());
        Input input;
        if (manifest != null) {
            try {
                input = new Input(LabelManifest.read(manifest, order), manifest.toString());
            } catch (IllegalArgumentException e) {
                throw new UserException(ExitCodes.FAILED, e.getMessage());
            }
        } else {
            DatasetRef ref = DatasetRef.parse(dataset);
            try (MetadataStore store = MetadataStores.open(global.config())) {
                input = fromDataset(datasets(store), ref, order);
            }
        }
        LabelTable table = input.table();
        String source = input.source();
        if (table.itemCount() == 0) {
            throw new UserException(ExitCodes.FAILED, source + " has no annotator labels to check");
        }
        LabelReport report = p.map(pr -> LabelCheck.run(table, pr, threshold, source))
                .orElseGet(() -> LabelCheck.run(table, List.of(), Optional.empty(), threshold, source));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, LabelReportJson.tree(report));
        } else {
            out.print(LabelReportText.render(report, limit));
            out.flush(); // print() does not flush, and Main exits right after
        }
        return report.failed() ? ExitCodes.FAILED : ExitCodes.OK;
    }

    /** The labels to check and what they came from. */
    record Input(LabelTable table, String source) {
    }

    /** The annotations of a dataset version's samples. */
    static Input fromDataset(DatasetRepository datasets, DatasetRef ref, List<String> labelOrder) {
        DatasetVersion version = datasets.resolve(ref)
                .orElseThrow(() -> new UserException(ExitCodes.FAILED, "no dataset version " + ref));
        return new Input(LabelTable.fromSamples(datasets.samples(version), labelOrder), version.toString());
    }

    /** The store's dataset versions. */
    static DatasetRepository datasets(MetadataStore store) {
        return store.datasets();
    }
}
