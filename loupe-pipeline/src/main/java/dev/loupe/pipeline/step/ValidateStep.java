package dev.loupe.pipeline.step;

import dev.loupe.core.dataset.DatasetRef;
import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.pipeline.PipelineState;
import dev.loupe.data.validate.DatasetValidator;
import dev.loupe.data.validate.Finding;
import dev.loupe.data.validate.Severity;
import dev.loupe.data.validate.ValidationReport;
import dev.loupe.data.validate.Verdict;

import java.io.IOException;
import java.util.List;

/** Validates the assembled dataset version ({@code loupe data validate}); a failing verdict ends the run. */
public final class ValidateStep implements Step {

    /** What the step produced. */
    public record Validated(String dataset, String verdict, int errors, int warnings) {
    }

    @Override
    public StepOutcome run(RunContext rc) throws IOException {
        AssembleStep.Assembled assembled = rc.output("assembling", AssembleStep.Assembled.class);
        DatasetVersion version = dataset(rc, assembled.dataset());
        ValidationReport report = DatasetValidator.of(rc.ctx().blobs())
                .validate(version, rc.ctx().metadata().datasets().samples(version));
        List<Finding> errors = report.findings().stream().filter(f -> f.severity() == Severity.ERROR).toList();
        int warnings = (int) report.findings().stream().filter(f -> f.severity() == Severity.WARNING).count();
        Validated out = new Validated(version.toString(), report.verdict().name().toLowerCase(java.util.Locale.ROOT),
                errors.size(), warnings);
        if (report.verdict() == Verdict.FAIL) {
            String first = errors.stream().limit(3).map(Finding::message).reduce((a, b) -> a + "; " + b).orElse("");
            return new StepOutcome.Finish(new PipelineState.Failed("dataset " + version + " failed validation: " + first),
                    out, "validation failed");
        }
        return new StepOutcome.Continue(out, version + ": " + out.verdict() + " (" + errors.size() + " errors, "
                + warnings + " warnings)");
    }

    static DatasetVersion dataset(RunContext rc, String ref) {
        return rc.ctx().metadata().datasets().resolve(DatasetRef.parse(ref))
                .orElseThrow(() -> new IllegalStateException("dataset version " + ref + " is gone"));
    }
}
