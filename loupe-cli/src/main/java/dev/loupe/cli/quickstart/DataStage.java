package dev.loupe.cli.quickstart;

import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.dataset.Sample;
import dev.loupe.data.generate.DatasetGenerator;
import dev.loupe.data.generate.GenerateRequest;
import dev.loupe.data.generate.GenerationSummary;
import dev.loupe.data.generate.Scenario;
import dev.loupe.data.imports.DatasetImporter;
import dev.loupe.data.imports.ImportRequest;
import dev.loupe.data.imports.ImportResult;
import dev.loupe.data.labels.LabelCheck;
import dev.loupe.data.labels.LabelReport;
import dev.loupe.data.labels.LabelTable;
import dev.loupe.data.validate.DatasetValidator;
import dev.loupe.data.validate.ValidationReport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Data: a labelled image set from the synthetic line (three simulated annotators who disagree), imported
 * as a dataset version, validated, and its labels checked for agreement and human-level performance.
 */
final class DataStage {
    private DataStage() {
    }

    /** Where the generated training images are written and imported from. */
    static Path imagesDir(Context ctx) {
        return ctx.work().resolve("training-images");
    }

    static DatasetVersion run(Context ctx) throws IOException {
        Stopwatch t = new Stopwatch();
        Path images = imagesDir(ctx);
        ctx.progress("data", "generating " + ctx.trainingImages() + " product photos (stable line, 3 annotators)");
        GenerationSummary gen = DatasetGenerator.generate(GenerateRequest.of(images, ctx.trainingImages(), Scenario.STABLE)
                .withSeed(ctx.seed()).withAnnotators(3));
        ctx.summary().add("generate", gen.count() + " images", String.format(Locale.ROOT, "%d defects (%.0f%%), %.0f images/s",
                gen.defects(), 100.0 * gen.defects() / gen.count(), gen.imagesPerSecond()), t.seconds());

        t = new Stopwatch();
        ImportResult imported = DatasetImporter.of(ctx.metadata().datasets(), ctx.blobs())
                .importFrom(ImportRequest.of(images.resolve("manifest.csv"), "phone-covers"));
        DatasetVersion version = imported.version();
        ctx.progress("data", "imported " + version);
        ctx.summary().add("import", version.name() + "@" + version.id().substring(0, 12),
                version.sampleCount() + " samples, splits " + version.splitCounts(), t.seconds());

        t = new Stopwatch();
        List<Sample> samples = ctx.metadata().datasets().samples(version);
        ValidationReport report = DatasetValidator.of(ctx.blobs()).validate(version, samples);
        ctx.progress("data", "validation verdict " + report.verdict());
        ctx.summary().add("validate", "report", "verdict " + report.verdict().name().toLowerCase(Locale.ROOT) + ", "
                + report.findings().size() + " findings", t.seconds());

        t = new Stopwatch();
        LabelReport labels = LabelCheck.run(LabelTable.fromSamples(samples, ctx.project().labelNames()), ctx.project(),
                LabelCheck.DEFAULT_THRESHOLD, version.toString());
        double humanRecall = labels.humanLevel().positiveRecall();
        ctx.summary().figure("human_level_recall", humanRecall);
        ctx.summary().add("labels", labels.relabelQueue().size() + " to re-label", String.format(Locale.ROOT,
                "%s %.3f, human-level recall %.3f", labels.agreement().headlineName(),
                labels.agreement().headline().value(), humanRecall), t.seconds());
        return version;
    }
}
