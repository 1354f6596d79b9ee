package dev.loupe.cli.data;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.JsonOutput;
import dev.loupe.cli.ProjectFiles;
import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.project.Project;
import dev.loupe.data.validate.DatasetValidator;
import dev.loupe.data.validate.ReportJson;
import dev.loupe.data.validate.ReportText;
import dev.loupe.data.validate.ValidationReport;
import dev.loupe.data.validate.Verdict;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** {@code loupe data validate NAME[@VERSION] [--json]}: the validation report; exit 1 when it fails. */
@Command(name = "validate", description = {
        "Check a dataset version for problems; exit 1 when the verdict is fail.",
        "Checks: unreadable files, duplicates and split leakage, mixed sizes/channels/formats, class imbalance,",
        "unlabelled samples, annotator disagreement, train/test skew; plus per-image statistics; with a project",
        "(--project, else ./loupe.yaml when present), labels not in its label book.",
        "JSON schema: docs/data-validation.md."})
final class DataValidateCommand implements java.util.concurrent.Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "NAME[@VERSION]", description = "the version (default: the newest of NAME)")
    String ref;

    @Option(names = "--project", paramLabel = "FILE", description = "project file whose labels the samples' are checked against (default: ./loupe.yaml when present)")
    Path project;

    @Option(names = "--json", description = "print the report as JSON (schema loupe.data.validation/1)")
    boolean json;

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        try (DataStores stores = DataStores.open(global.config())) {
            DatasetVersion v = stores.resolve(ref);
            List<String> labelBook = ProjectFiles.optional(project).map(Project::labelNames).orElse(List.of());
            ValidationReport report = DatasetValidator.of(stores.blobs()).validate(v, stores.catalog().samples(v), labelBook);
            if (json) {
                JsonOutput.print(out, JsonOutput.tree(ReportJson.document(report)));
            } else {
                ReportText.print(report, out);
            }
            return report.verdict() == Verdict.FAIL ? ExitCodes.FAILED : ExitCodes.OK;
        }
    }
}
